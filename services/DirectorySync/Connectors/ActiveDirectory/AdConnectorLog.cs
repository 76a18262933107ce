using Microsoft.Extensions.Logging;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>The AD connector's log lines. Account names and servers only: passwords never reach a template.</summary>
internal static partial class AdConnectorLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning,
        Message = "Target {TargetId}: certificate validation is OFF for {Server} because the target accepts any certificate")]
    public static partial void AcceptingAnyCertificate(ILogger logger, string targetId, string server);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Target {TargetId}: verified account {Account} on {Server}: {Outcome}")]
    public static partial void Verified(ILogger logger, string targetId, string server, string account,
        VerifyOutcome outcome);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information,
        Message = "Target {TargetId}: reset the password of {Account} on {Server}")]
    public static partial void Reset(ILogger logger, string targetId, string server, string account);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information,
        Message = "Target {TargetId}: changed the password of {Account} on {Server}")]
    public static partial void Changed(ILogger logger, string targetId, string server, string account);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information,
        Message = "Target {TargetId}: PDC emulator is {Server}")]
    public static partial void PdcFound(ILogger logger, string targetId, string server);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Debug,
        Message = "Target {TargetId}: PDC emulator not found among the endpoints ({Detail}); keeping the given order")]
    public static partial void PdcNotFound(ILogger logger, string targetId, string detail);
}
