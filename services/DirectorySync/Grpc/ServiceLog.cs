using Microsoft.Extensions.Logging;

namespace PasswordSync.DirectorySync.Grpc;

/// <summary>Service-level log lines. Requests are logged only through <see cref="SecretRedaction"/>.</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "{Method} request: {Request}")]
    public static partial void Request(ILogger logger, string method, string request);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "{Method} on target {TargetId} failed: {Reason} ({FailureClass}) {Detail}")]
    public static partial void Failed(ILogger logger, string method, string targetId, string reason,
        string failureClass, string detail);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug,
        Message = "{Method} on target {TargetId}: {Settled} of {Requested} accounts settled (the others are read singly)")]
    public static partial void BatchRead(ILogger logger, string method, string targetId, int requested, int settled);
}
