namespace PasswordSync.Gateway.Jobs;

internal static partial class JobsLog
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Information,
        Message = "Job {JobId} created on list {ListId} with {Items} records (dry run: {DryRun})")]
    public static partial void Created(ILogger logger, string jobId, string listId, int items, bool dryRun);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Job {JobId} claimed by {Owner}")]
    public static partial void Claimed(ILogger logger, string jobId, string owner);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information,
        Message = "Job {JobId} finished {State}: {Succeeded} succeeded, {Failed} failed, {Skipped} skipped")]
    public static partial void Finished(ILogger logger, string jobId, string state, int succeeded, int failed,
        int skipped);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Warning,
        Message = "Job {JobId}: the lease was lost to another instance; this instance stops working on it")]
    public static partial void LeaseLost(ILogger logger, string jobId);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Warning,
        Message = "Job {JobId}: record {RecordId} failed unexpectedly; its outcome is settled by evidence later")]
    public static partial void ItemUncertain(ILogger logger, Exception exception, string jobId, string recordId);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Warning, Message = "Job runner: a polling round failed")]
    public static partial void PollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4207, Level = LogLevel.Warning,
        Message = "Job runner: no rotation engine is registered; only dry runs are run on this instance")]
    public static partial void NoRotator(ILogger logger);

    [LoggerMessage(EventId = 4208, Level = LogLevel.Information,
        Message = "Job {JobId} paused on this instance with {Remaining} records left; it resumes under a new lease")]
    public static partial void Paused(ILogger logger, string jobId, int remaining);

    [LoggerMessage(EventId = 4209, Level = LogLevel.Error, Message = "Job {JobId}: the run failed")]
    public static partial void RunFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = 4210, Level = LogLevel.Information,
        Message = "Job {JobId}: record {RecordId} was in flight when a gateway stopped; settled as {Outcome}")]
    public static partial void Settled(ILogger logger, string jobId, string recordId, string outcome);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Warning,
        Message = "Job {JobId}: a batch of {Items} rotations could not be {Step} ({Status}); each is settled by its rotation id")]
    public static partial void BatchUncertain(ILogger logger, string jobId, int items, string step, string status);

    [LoggerMessage(EventId = 4212, Level = LogLevel.Warning,
        Message = "Job {JobId}: the batch of {Items} records could not be prepared ({Status}); they rotate one by one")]
    public static partial void BatchFallback(ILogger logger, string jobId, int items, string status);

    [LoggerMessage(EventId = 4213, Level = LogLevel.Debug,
        Message = "Job {JobId}: batch of {Items} on target {TargetId}: {Begun} begun, {Committed} committed")]
    public static partial void BatchDone(ILogger logger, string jobId, int items, string targetId, int begun,
        int committed);
}
