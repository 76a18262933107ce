namespace PasswordSync.Vault.Model;

/// <summary>What an audit event records.</summary>
public enum AuditAction
{
    Unspecified = 0,
    ListCreated, ListUpdated, ListDeleted,
    RecordCreated, RecordUpdated, RecordDeleted, RecordRestored, RecordPurged, PasswordChanged,
    PasswordRevealed, SyncMaterialUsed, HistoryRevealed,
    RotationBegun, RotationCommitted, RotationAborted, RotationClaimed, RotationMarkedOutOfSync, SyncStateRecorded,
    TargetCreated, TargetUpdated, TargetDeleted,
    JobCreated, JobClaimed, JobItemRecorded, JobFinished, JobCancelRequested,
    ApiKeyCreated, ApiKeyRevoked, ApiKeyUsed,
    KeyRotation,
    OperationFailed,
    // Appended last: the stores keep the action's number, so existing numbers must never move.
    PasswordChecked,
    VaultBackedUp, VaultRestored,
}

/// <summary>What a caller asks to be appended; the store assigns sequence, time, and the chain hashes.</summary>
public sealed record AuditDraft
{
    public required AuditAction Action { get; init; }

    public required string Actor { get; init; }

    public string ListId { get; init; } = "";

    public string RecordId { get; init; } = "";

    public string TargetId { get; init; } = "";

    /// <summary>Free text for people (outcome, reason); never a secret.</summary>
    public string Detail { get; init; } = "";
}

/// <summary>An appended audit event, chained to the previous one by <see cref="PreviousHash"/>.</summary>
public sealed record AuditEvent
{
    /// <summary>1, 2, 3... without gaps; the chain's order.</summary>
    public required long Sequence { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required AuditAction Action { get; init; }

    public required string Actor { get; init; }

    public string ListId { get; init; } = "";

    public string RecordId { get; init; } = "";

    public string TargetId { get; init; } = "";

    public string Detail { get; init; } = "";

    /// <summary>The request id the event was appended under, when any (idempotent retries return the first event).</summary>
    public string RequestId { get; init; } = "";

    /// <summary>Hash of the previous event (32 zero bytes for the first).</summary>
    public required byte[] PreviousHash { get; init; }

    /// <summary>SHA-256 over this event's canonical form including <see cref="PreviousHash"/>.</summary>
    public required byte[] Hash { get; init; }
}
