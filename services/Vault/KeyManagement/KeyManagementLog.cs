namespace PasswordSync.Vault.KeyManagement;

internal static partial class KeyManagementLog
{
    [LoggerMessage(EventId = 3501, Level = LogLevel.Information,
        Message = "Key re-wrap pass under KEK {ActiveKek}: {Records} record keys, {Targets} target secrets, {Conflicts} conflicts, {Failures} failures")]
    public static partial void PassDone(ILogger logger, int activeKek, int records, int targets, int conflicts,
        int failures);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Error,
        Message = "Cannot re-wrap the key of {OwnerKind} {OwnerId}: {Problem}")]
    public static partial void RewrapFailed(ILogger logger, string ownerKind, string ownerId, string problem);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Error, Message = "Key re-wrap pass failed ({Error}): {Problem}")]
    public static partial void PassFailed(ILogger logger, string error, string problem);
}
