namespace PasswordSync.Gateway.Api.Targets;

internal static partial class TargetsLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Target {TargetId} tested by {Actor}: {Outcome}")]
    public static partial void Tested(ILogger logger, string targetId, string actor, string outcome);
}
