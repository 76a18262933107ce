using Microsoft.Extensions.Logging;

namespace PasswordSync.DirectorySync.Resilience;

internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Retrying {Operation} on {Server} after a transient failure (attempt {Attempt}, in {Delay})")]
    public static partial void Retrying(ILogger logger, string operation, string server, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error,
        Message = "Circuit to {Server} opened for {Duration}: it failed too often")]
    public static partial void CircuitOpened(ILogger logger, string server, TimeSpan duration);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Circuit to {Server} closed again")]
    public static partial void CircuitClosed(ILogger logger, string server);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning,
        Message = "Target {TargetId}: {Server} failed transiently ({Reason}); trying the next server")]
    public static partial void FailingOver(ILogger logger, string targetId, string server, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning,
        Message = "Target {TargetId}: the change of {Account} on {Server} has an unknown outcome; settling it with a verify of the new password")]
    public static partial void SettlingChange(ILogger logger, string targetId, string account, string server);
}
