namespace PasswordSync.Vault.Backup;

/// <summary>Backup and restore log lines: sizes, checksums and counts only (a backup holds sealed data, never plaintext).</summary>
internal static partial class BackupLog
{
    [LoggerMessage(EventId = 3601, Level = LogLevel.Information,
        Message = "Backup taken for {Actor}: {SizeBytes} bytes, SHA-256 {Sha256}, schema {SchemaVersion}, {Lists} lists, {Records} records")]
    public static partial void BackupTaken(ILogger logger, string actor, long sizeBytes, string sha256,
        int schemaVersion, int lists, int records);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Warning,
        Message = "Restore for {Actor} replaced the vault database ({ReplacedLists} lists, {ReplacedRecords} records, "
            + "{ReplacedAuditEvents} audit events) with a backup of {SizeBytes} bytes, SHA-256 {Sha256}: {Lists} lists, {Records} records")]
    public static partial void Restored(ILogger logger, string actor, int replacedLists, int replacedRecords,
        long replacedAuditEvents, long sizeBytes, string sha256, int lists, int records);

    [LoggerMessage(EventId = 3603, Level = LogLevel.Warning,
        Message = "Restore for {Actor} refused ({StatusCode}): {Reason}")]
    public static partial void RestoreRefused(ILogger logger, string actor, string statusCode, string reason);
}
