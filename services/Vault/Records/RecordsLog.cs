using Microsoft.Extensions.Logging;

namespace PasswordSync.Vault.Records;

/// <summary>The records feature's log lines: ids and actors only, never a value a caller typed.</summary>
internal static partial class RecordsLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Password of record {RecordId} revealed to {Actor}")]
    public static partial void PasswordRevealed(ILogger logger, string recordId, string actor);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information,
        Message = "Previous password {EntryId} of record {RecordId} revealed to {Actor}")]
    public static partial void HistoryRevealed(ILogger logger, string recordId, string entryId, string actor);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information,
        Message = "Password of record {RecordId} set by {Actor}")]
    public static partial void PasswordSet(ILogger logger, string recordId, string actor);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information,
        Message = "Refused a password for record {RecordId}: it repeats one of the last {Count} passwords")]
    public static partial void PasswordReuseRefused(ILogger logger, string recordId, int count);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Information,
        Message = "Purged {Count} records deleted before {DeletedBefore:o}")]
    public static partial void Purged(ILogger logger, int count, DateTimeOffset deletedBefore);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Information,
        Message = "Forgot {Count} request ids recorded before {Before:o}: repeating one of them is now a new call")]
    public static partial void RequestIdsForgotten(ILogger logger, int count, DateTimeOffset before);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Error,
        Message = "Purging deleted records failed; retrying in {Interval}")]
    public static partial void PurgeFailed(ILogger logger, Exception exception, TimeSpan interval);
}
