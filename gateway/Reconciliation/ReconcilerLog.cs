namespace PasswordSync.Gateway.Reconciliation;

/// <summary>The reconciler's log lines: ids and reason codes only, never a password.</summary>
internal static partial class ReconcilerLog
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Information,
        Message = "Reconciler: pending rotation {RotationId} of record {RecordId} resolved: {Outcome}")]
    public static partial void Resolved(ILogger logger, string? rotationId, string recordId, string outcome);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning,
        Message = "Reconciler: could not settle record {RecordId} ({Status})")]
    public static partial void RecordFailed(ILogger logger, string recordId, string status, Exception exception);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Error, Message = "Reconciler: a pass failed; retrying next interval")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Information,
        Message = "Reconciler: pass done, {Count} expired pending rotation(s) examined")]
    public static partial void PassDone(ILogger logger, int count);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Warning,
        Message = "Reconciler: no bind for record {RecordId}: {Why}")]
    public static partial void BindSkipped(ILogger logger, string recordId, string why);
}
