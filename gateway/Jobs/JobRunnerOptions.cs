using System.ComponentModel.DataAnnotations;

namespace PasswordSync.Gateway.Jobs;

/// <summary><c>Gateway:Jobs</c>: leases, polling and limits of the bulk job runner.</summary>
public sealed class JobRunnerOptions : IValidatableObject
{
    public const string Section = "Gateway:Jobs";

    /// <summary>Off only for an instance that must serve the API without running jobs.</summary>
    public bool RunnerEnabled { get; set; } = true;

    /// <summary>How long a claimed job stays this instance's without a renewal (another instance resumes it after).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the lease is renewed (and a cancel asked for on another instance is noticed).</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the vault is asked for jobs to run (a job started here wakes the runner at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait before asking again about an in-flight rotation whose lease still runs.</summary>
    public TimeSpan SettleRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a watch re-reads a job that runs on another instance.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 32)]
    public int DefaultConcurrencyPerTarget { get; set; } = 4;

    /// <summary>The vault accepts at most 32.</summary>
    [Range(1, 32)]
    public int MaxConcurrencyPerTarget { get; set; } = 16;

    [Range(1, 16)]
    public int MaxJobsPerInstance { get; set; } = 4;

    /// <summary>Items read from the vault but not yet finished, per job run: the run's memory bound.</summary>
    [Range(1, 1024)]
    public int MaxInFlight { get; set; } = 64;

    [Range(1, 1000)]
    public int PageSize { get; set; } = 100;

    [Range(1, 200)]
    public int RecentItems { get; set; } = 20;

    /// <summary>
    /// Records of one target rotated as one batch (one durable begin, one bulk stream, one durable commit); 1 turns
    /// batching off (one rotation at a time, as save-and-sync does). The vault takes at most 500 per batch.
    /// </summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Batches in flight per job run: the next one begins while the previous one is applied.</summary>
    [Range(1, 8)]
    public int BatchesInFlight { get; set; } = 3;

    /// <summary>
    /// How many items directory-sync works on at once per BulkPasswords stream (its DirectorySync:BulkParallelism,
    /// 4 by default): a batch opens enough streams for the job's concurrency per target.
    /// </summary>
    [Range(1, 64)]
    public int BulkStreamParallelism { get; set; } = 4;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Lease < TimeSpan.FromSeconds(1) || Lease > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Gateway:Jobs:Lease must be between 1 second and 1 hour.", [nameof(Lease)]);
        }

        // Two renewals must fit in a lease, so one slow renewal does not hand a running job to another instance.
        if (RenewInterval <= TimeSpan.Zero || RenewInterval * 2 >= Lease)
        {
            yield return new ValidationResult(
                "Gateway:Jobs:RenewInterval must be positive and less than half of Gateway:Jobs:Lease.",
                [nameof(RenewInterval)]);
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(PollInterval), PollInterval), (nameof(SettleRetryInterval), SettleRetryInterval),
                     (nameof(WatchInterval), WatchInterval),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Gateway:Jobs:{name} must be positive.", [name]);
            }
        }
    }
}
