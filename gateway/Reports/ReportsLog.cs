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

    [LoggerMessage(EventId = 4106, Level = LogLevel.Debug,
        Message = "Sync report read ahead the states of {Asked} accounts on target {TargetId} in one call; {Settled} settled")]
    public static partial void StatesReadAhead(ILogger logger, string targetId, int asked, int settled);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning,
        Message = "Sync report: directory-sync does not offer GetAccountStates (an older version); each check reads its account's state on its own, which costs the directory more. Update directory-sync (target {TargetId})")]
    public static partial void ReadAheadUnsupported(ILogger logger, string targetId);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Information,
        Message = "Sync report: reading the states of {Count} accounts ahead on target {TargetId} failed ({StatusCode}); each check reads its own")]
    public static partial void ReadAheadFailed(ILogger logger, string targetId, int count, Grpc.Core.StatusCode statusCode);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Warning,
        Message = "Sync report: directory-sync does not offer BulkPasswords; each bind is a call of its own, which costs more. Update directory-sync (target {TargetId})")]
    public static partial void BindStreamsUnsupported(ILogger logger, string targetId);
}
