using Grpc.Core;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>Check events. Account names and outcomes only: never a password, never a request message.</summary>
internal static partial class CheckLog
{
    [LoggerMessage(EventId = 4301, Level = LogLevel.Information,
        Message = "Check of {Account} on target {TargetId}: {Status} (server {Server}, bind made: {Bound})")]
    public static partial void Decided(ILogger logger, string targetId, string account, CheckStatus status,
        string server, bool bound);

    /// <summary>
    /// The same event for a check that is part of a sync report, at Debug: the report streams every result to its
    /// caller, records every verdict (with an audit event) in the vault and logs its own summary, so a line per record
    /// would only repeat that, 10,000 times for a 10,000-record list, at a cost the directory's core pays on small
    /// machines.
    /// </summary>
    [LoggerMessage(EventId = 4305, Level = LogLevel.Debug,
        Message = "Check of {Account} on target {TargetId} in a sync report: {Status} (server {Server}, bind made: {Bound})")]
    public static partial void DecidedInReport(ILogger logger, string targetId, string account, CheckStatus status,
        string server, bool bound);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning,
        Message = "Check of {Account} on target {TargetId}: directory-sync failed while {Step} ({StatusCode}, {Reason})")]
    public static partial void DirectoryFailed(ILogger logger, string targetId, string account, string step,
        StatusCode statusCode, string? reason);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning,
        Message = "Candidate check of {Account} on target {TargetId} refused: per-account limit reached (caller {Actor})")]
    public static partial void CandidateLimited(ILogger logger, string targetId, string account, string actor);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Warning,
        Message = "Could not record the check outcome of record {RecordId} in the vault ({StatusCode})")]
    public static partial void SyncStateNotRecorded(ILogger logger, string recordId, StatusCode statusCode);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Debug,
        Message = "Check of {Account} on target {TargetId}: read-ahead account state not used ({Why}); reading it again")]
    public static partial void ReadAheadDiscarded(ILogger logger, string targetId, string account, string why);
}
