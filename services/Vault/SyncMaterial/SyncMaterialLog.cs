namespace PasswordSync.Vault.SyncMaterial;

internal static partial class SyncMaterialLog
{
    // Debug: every hand-out is already an audit event (SyncMaterialUsed, with actor, record and target), and a sync
    // report asks once per record; a line per record at Information only repeats the audit log, at a CPU cost.
    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug,
        Message = "Sync material of record {RecordId} (target {TargetId}) served to {Actor}")]
    public static partial void Served(ILogger logger, string recordId, string targetId, string actor);

    // Debug, as for one hand-out: every served record is an audit event.
    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug,
        Message = "Sync material of {Served} of {Total} records served to {Actor} in one call")]
    public static partial void ServedMany(ILogger logger, int served, int total, string actor);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information,
        Message = "Sync states recorded for {Recorded} of {Total} records in one transaction (by {Actor})")]
    public static partial void StatesRecorded(ILogger logger, int recorded, int total, string actor);
}
