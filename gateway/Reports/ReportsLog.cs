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
}
