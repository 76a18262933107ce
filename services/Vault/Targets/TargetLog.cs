namespace PasswordSync.Vault.Targets;

internal static partial class TargetLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Target {TargetId} created by {Actor}")]
    public static partial void Created(ILogger logger, string targetId, string actor);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Target {TargetId} updated by {Actor}")]
    public static partial void Updated(ILogger logger, string targetId, string actor);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Target {TargetId} deleted by {Actor}")]
    public static partial void Deleted(ILogger logger, string targetId, string actor);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information,
        Message = "Privileged credential of target {TargetId} served to {Actor}")]
    public static partial void CredentialServed(ILogger logger, string targetId, string actor);
}
