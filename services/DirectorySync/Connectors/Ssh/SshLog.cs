using Microsoft.Extensions.Logging;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>The SSH connectors' log lines: hosts, accounts and outcomes only, never a password.</summary>
internal static partial class SshLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Information,
        Message = "SSH target {TargetId}: password of {Account} reset on {Server}")]
    public static partial void PasswordReset(ILogger logger, string targetId, string account, string server);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information,
        Message = "SSH target {TargetId}: verify of {Account} on {Server}: {Outcome}")]
    public static partial void Verified(ILogger logger, string targetId, string account, string server,
        VerifyOutcome outcome);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning,
        Message = "SSH target {TargetId}: {Operation} of {Account} failed: {FailureClass} {Reason}: {Message}")]
    public static partial void OperationFailed(ILogger logger, string targetId, string operation, string account,
        FailureClass failureClass, Common.V1.Reason reason, string message);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning,
        Message = "SSH target {TargetId}: command on {Server} exited with {ExitStatus}: {Error}")]
    public static partial void CommandFailed(ILogger logger, string targetId, string server, int exitStatus,
        string error);
}
