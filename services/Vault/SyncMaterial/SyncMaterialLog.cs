namespace PasswordSync.Vault.SyncMaterial;

internal static partial class SyncMaterialLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
        Message = "Sync material of record {RecordId} (target {TargetId}) served to {Actor}")]
    public static partial void Served(ILogger logger, string recordId, string targetId, string actor);
}
