using PasswordSync.Vault.Crypto;

namespace PasswordSync.Vault.Storage;

/// <summary>Which kind of owner a wrapped key or standalone secret belongs to.</summary>
public enum DataKeyOwnerKind
{
    Record,
    Target,
}

/// <summary>One wrapped data key (records) or standalone sealed secret (targets' privileged passwords).</summary>
public sealed record StoredDataKey(DataKeyOwnerKind OwnerKind, string OwnerId, WrappedDataKey? DataKey,
    byte[]? StandaloneSecret);

/// <summary>
/// KEK rotation support: walk every wrapped key not yet under the active KEK version and replace it, online, with a
/// compare-and-set on the old value so a concurrent writer is never overwritten.
/// </summary>
public interface IDataKeyStore
{
    /// <summary>
    /// Keys of <paramref name="ownerKind"/> owners whose KEK version differs from <paramref name="activeKekVersion"/>,
    /// ordered by owner id, after <paramref name="afterOwnerId"/>; soft-deleted records included (they still hold
    /// secrets). Replacing a key bumps no version and appends no audit event.
    /// </summary>
    Task<IReadOnlyList<StoredDataKey>> ListNotUnderAsync(DataKeyOwnerKind ownerKind, int activeKekVersion,
        string? afterOwnerId, int max,
        CancellationToken cancellationToken);

    /// <summary>Replaces the record's wrapped data key when it still equals <paramref name="expected"/>; false otherwise.</summary>
    Task<bool> ReplaceRecordKeyAsync(string recordId, WrappedDataKey expected, WrappedDataKey replacement,
        CancellationToken cancellationToken);

    /// <summary>Replaces a target's standalone sealed secret when it still equals <paramref name="expected"/>.</summary>
    Task<bool> ReplaceTargetSecretAsync(string targetId, byte[] expected, byte[] replacement, int replacementKekVersion,
        CancellationToken cancellationToken);
}
