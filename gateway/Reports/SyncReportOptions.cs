using System.ComponentModel.DataAnnotations;

namespace PasswordSync.Gateway.Reports;

/// <summary><c>Gateway:Reports</c>: how hard a sync report may press on each directory, and how much it holds at once.</summary>
public sealed class SyncReportOptions
{
    public const string Section = "Gateway:Reports";

    /// <summary>Checks at once per target when the request does not say (request.concurrency = 0).</summary>
    [Range(1, 64)]
    public int ConcurrencyPerTarget { get; set; } = 4;

    /// <summary>A request asking for more per target is capped here, so one caller cannot hammer a directory.</summary>
    [Range(1, 64)]
    public int MaxConcurrencyPerTarget { get; set; } = 16;

    /// <summary>Records read from the vault per page.</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 100;

    /// <summary>Records read but not yet streamed, across targets: the report's memory bound.</summary>
    [Range(1, 1024)]
    public int MaxInFlight { get; set; } = 64;

    /// <summary>
    /// Verdicts recorded in the vault per transaction (one fsync each): a batch leaves when it is this full...
    /// </summary>
    [Range(1, 500)]
    public int VerdictBatchSize { get; set; } = 100;

    /// <summary>...or when its oldest verdict has waited this long. Results are streamed at once either way.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan VerdictFlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Active Directory accounts whose states one directory-sync call reads for the report's next checks (one DC search
    /// instead of one read per account; docs/sync-report-performance.md). 0 or 1: every check reads its own state.
    /// </summary>
    [Range(0, 100)]
    public int StateReadAhead { get; set; } = 20;

    /// <summary>
    /// How old a state read ahead may be when its check binds; older, the check reads the state again. A state read
    /// just before a bind is what keeps the bind from locking the account: keep this short.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan StateReadAheadMaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the first check asking for its sync material waits for others to share the vault call (one durable
    /// audit transaction for all of them). 0: a lone check's call leaves at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan MaterialBatchLinger { get; set; } = TimeSpan.FromMilliseconds(10);
}
