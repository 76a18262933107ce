namespace PasswordSync.Vault.Model;

public enum JobState
{
    Queued = 0,
    Running = 1,
    Completed = 2,
    Cancelled = 3,
    Failed = 4,
}

public enum JobItemStatus
{
    Pending = 0,
    Succeeded = 1,
    Failed = 2,
    Skipped = 3,
}

/// <summary>
/// A persistent background job (bulk rotation today; scheduled verification and others later, hence
/// <see cref="Kind"/>). Held by one gateway instance at a time under a lease, so it resumes after a restart and
/// is never run twice at once.
/// </summary>
public sealed record BulkJob
{
    public required string Id { get; init; }

    /// <summary>"bulk_rotation" today; other kinds later.</summary>
    public required string Kind { get; init; }

    public required string ListId { get; init; }

    /// <summary>Options as JSON owned by the job kind (dry run, verify after set, concurrency...).</summary>
    public string OptionsJson { get; init; } = "{}";

    public JobState State { get; init; }

    public string CreatedBy { get; init; } = "";

    /// <summary>The instance holding the job, empty when none.</summary>
    public string Owner { get; init; } = "";

    public DateTimeOffset? LeaseExpiresAt { get; init; }

    public int TotalItems { get; init; }

    public int SucceededItems { get; init; }

    public int FailedItems { get; init; }

    public int SkippedItems { get; init; }

    public bool CancelRequested { get; init; }

    public long Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>One record of a job and its outcome.</summary>
public sealed record JobItem
{
    public required string JobId { get; init; }

    public required string RecordId { get; init; }

    public JobItemStatus Status { get; init; }

    /// <summary>Reason code (e.g. PASSWORD_POLICY) when failed or skipped.</summary>
    public string Reason { get; init; } = "";

    /// <summary>A sentence for people; never a secret.</summary>
    public string Detail { get; init; } = "";

    /// <summary>The rotation that handled this item, so a resumed job can finish it instead of starting another.</summary>
    public string RotationId { get; init; } = "";

    public DateTimeOffset? CompletedAt { get; init; }
}
