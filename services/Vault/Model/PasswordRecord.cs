using PasswordSync.Vault.Crypto;

namespace PasswordSync.Vault.Model;

/// <summary>Kind of account (mirrors passwordsync.common.v1.AccountType).</summary>
public enum AccountKind
{
    Unspecified = 0,
    Windows = 1,
    Linux = 2,
    Ldap = 3,
    Web = 4,
    Database = 5,
    Other = 6,
}

/// <summary>Whether the vault and the directory were last seen to agree.</summary>
public enum SyncState
{
    Unknown = 0,
    InSync = 1,
    OutOfSync = 2,
}

/// <summary>
/// One account. Secrets are stored only sealed (AES-GCM under the record's own data key, bound to record and field);
/// the store never sees a plaintext password.
/// </summary>
public sealed record PasswordRecord
{
    public required string Id { get; init; }

    public required string ListId { get; init; }

    public string Title { get; init; } = "";

    public string UserName { get; init; } = "";

    public AccountKind AccountType { get; init; }

    public string Description { get; init; } = "";

    public string Url { get; init; } = "";

    public string Notes { get; init; } = "";

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Values of the list's generic fields by key ("generic1".."generic10").</summary>
    public IReadOnlyDictionary<string, string> GenericValues { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The value of the generic field labelled "Domain or Host", kept denormalised so the store can search and
    /// index it; empty when the list has no such field.
    /// </summary>
    public string DomainOrHost { get; init; } = "";

    /// <summary>The record's data key, wrapped by a key-encryption key of the keyring.</summary>
    public required WrappedDataKey DataKey { get; init; }

    /// <summary>The current password, sealed with field name "password"; null when none was set.</summary>
    public byte[]? SealedPassword { get; init; }

    public DateTimeOffset? PasswordChangedAt { get; init; }

    public PendingRotation? Pending { get; init; }

    public SyncState SyncState { get; init; }

    /// <summary>Why the record is out of sync (or why the last rotation was aborted); never contains a secret.</summary>
    public string SyncReason { get; init; } = "";

    public DateTimeOffset? LastSyncedAt { get; init; }

    public DateTimeOffset? LastVerifiedAt { get; init; }

    /// <summary>
    /// The directory's own password-last-set value (pwdLastSet / pwdChangedTime / shadow day) stored at the last
    /// verified sync, compared verbatim later to detect changes made outside PasswordSync (never a clock comparison).
    /// </summary>
    public string DirectoryPasswordLastSet { get; init; } = "";

    public long Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Set when soft-deleted; restorable until the retention period has passed.</summary>
    public DateTimeOffset? DeletedAt { get; init; }
}

/// <summary>
/// A rotation in flight (the crash-safe protocol's journal entry): the new password, sealed with field name
/// "pending_password", owned by one actor under a lease.
/// </summary>
public sealed record PendingRotation
{
    public required string RotationId { get; init; }

    public required byte[] SealedPassword { get; init; }

    /// <summary>Which gateway instance (or reconciler) owns the rotation.</summary>
    public required string Owner { get; init; }

    public required DateTimeOffset LeaseExpiresAt { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Why the rotation was started (save-and-sync, rotate, bulk job id...).</summary>
    public string Reason { get; init; } = "";

    /// <summary>Who started it.</summary>
    public string Actor { get; init; } = "";

    /// <summary>How many times a reconciler has claimed it.</summary>
    public int ClaimCount { get; init; }
}

/// <summary>One previous password of a record, sealed with field name "history/{Id}".</summary>
public sealed record PasswordHistoryEntry
{
    public required string Id { get; init; }

    public required string RecordId { get; init; }

    public required byte[] SealedPassword { get; init; }

    /// <summary>When this password stopped being the current one.</summary>
    public required DateTimeOffset ReplacedAt { get; init; }

    /// <summary>Who replaced it.</summary>
    public required string ChangedBy { get; init; }

    /// <summary>Why (user update, rotation id, restore...); never a secret.</summary>
    public string Reason { get; init; } = "";
}
