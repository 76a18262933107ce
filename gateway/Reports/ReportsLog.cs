namespace PasswordSync.Gateway.Reports;

internal static partial class ReportsLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Sync report of list {ListId} finished: {Total} records in {DurationMs} ms")]
    public static partial void Finished(ILogger logger, string listId, int total, long durationMs);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "Sync report of list {ListId} stopped by the caller after {Streamed} records")]
    public static partial void Cancelled(ILogger logger, string listId, int streamed);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning,
        Message = "Sync report of list {ListId}: the check of record {RecordId} failed unexpectedly")]
    public static partial void CheckFailed(ILogger logger, Exception exception, string listId, string recordId);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning,
        Message = "Sync report of list {ListId}: {Count} verdicts could not be recorded in the vault ({StatusCode}, {Reason}); the results stand and the next check records them")]
    public static partial void VerdictsNotRecorded(ILogger logger, string listId, int count,
        Grpc.Core.StatusCode statusCode, string? reason);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information,
        Message = "Sync report of list {ListId}: {Skipped} of {Count} verdicts not recorded: the records were deleted or changed since their check")]
    public static partial void VerdictsSkipped(ILogger logger, string listId, int skipped, int count);
}
