namespace PasswordSync.Vault.SyncMaterial;

internal static partial class SyncMaterialLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
        Message = "Sync material of record {RecordId} (target {TargetId}) served to {Actor}")]
    public static partial void Served(ILogger logger, string recordId, string targetId, string actor);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information,
        Message = "Sync states recorded for {Recorded} of {Total} records in one transaction (by {Actor})")]
    public static partial void StatesRecorded(ILogger logger, int recorded, int total, string actor);
}
