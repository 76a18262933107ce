namespace PasswordSync.Vault.Jobs;

internal static partial class JobLog
{
    [LoggerMessage(EventId = 3301, Level = LogLevel.Information,
        Message = "Job {JobId} created with {Items} items by {Actor}")]
    public static partial void Created(ILogger logger, string jobId, int items, string actor);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Job {JobId} claim by {Owner}: {Claimed}")]
    public static partial void Claimed(ILogger logger, string jobId, string owner, bool claimed);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Information, Message = "Job {JobId} finished: {State}")]
    public static partial void Finished(ILogger logger, string jobId, string state);
}
