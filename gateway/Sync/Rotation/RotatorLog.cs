namespace PasswordSync.Gateway.Sync.Rotation;

/// <summary>The rotator's log lines: ids, servers and reason codes only, never a password.</summary>
internal static partial class RotatorLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Rotation {RotationId} of record {RecordId} begun ({Reason}), lease until {LeaseExpiresAt}")]
    public static partial void Begun(ILogger logger, string rotationId, string recordId, string reason,
        DateTimeOffset? leaseExpiresAt);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "Rotation {RotationId} of record {RecordId} committed (server {Server}, verified {Verified})")]
    public static partial void Committed(ILogger logger, string rotationId, string recordId, string server,
        bool verified);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning,
        Message = "Rotation {RotationId} of record {RecordId} aborted: the directory refused it ({ReasonCode})")]
    public static partial void Aborted(ILogger logger, string rotationId, string recordId, string reasonCode);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning,
        Message = "Rotation {RotationId} of record {RecordId} left pending for the reconciler: outcome unknown ({ReasonCode})")]
    public static partial void LeftPending(ILogger logger, string rotationId, string recordId, string reasonCode);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information,
        Message = "Rotation {RotationId} of record {RecordId}: generated password refused by policy, retrying once with a fresh one")]
    public static partial void RetryingAfterPolicy(ILogger logger, string rotationId, string recordId);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information,
        Message = "Rotation {RotationId} of record {RecordId}: lease renewed before the directory write")]
    public static partial void LeaseRenewed(ILogger logger, string rotationId, string recordId);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Error,
        Message = "Rotation {RotationId} of record {RecordId}: the directory took the password but the vault commit failed ({Status}); the reconciler will commit it")]
    public static partial void CommitFailed(ILogger logger, string rotationId, string recordId, string status);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Information,
        Message = "Record {RecordId}: request replayed, returning the first outcome")]
    public static partial void Replayed(ILogger logger, string recordId);
}
