namespace PasswordSync.Vault.Crypto;

/// <summary>
/// Envelope encryption of the vault's secrets (AES-256-GCM). Each owner (a record, a target...) has its own random data
/// key (DEK), stored wrapped by the key ring's active key-encryption key (KEK). Every sealed value is bound to its owner
/// and field, so it cannot be moved to another record or field. Any failure to decrypt throws
/// <see cref="SecretDecryptionException"/>, whose message names the owner, field and KEK version but never a secret.
/// </summary>
public interface IRecordCipher
{
    /// <summary>The KEK version that wraps new data keys; keys under other versions need <see cref="Rewrap"/>.</summary>
    int ActiveKekVersion { get; }

    /// <summary>A fresh random 256-bit data key for <paramref name="ownerId"/>, wrapped by the active KEK.</summary>
    WrappedDataKey NewDataKey(string ownerId);

    /// <summary>Encrypts <paramref name="plaintext"/> as field <paramref name="field"/> (e.g. "password", "history/3") of the owner.</summary>
    byte[] Seal(WrappedDataKey key, string ownerId, string field, string plaintext);

    /// <summary>Decrypts a value sealed by <see cref="Seal"/> with the same key, owner and field.</summary>
    /// <exception cref="SecretDecryptionException">Tampered, moved, malformed, or its KEK is not in the key ring.</exception>
    string Open(WrappedDataKey key, string ownerId, string field, byte[] sealedValue);

    /// <summary>
    /// The same data key wrapped by the active KEK; returns <paramref name="key"/> itself when it already is. Values
    /// sealed with the old wrapping still open with the new one (the data key does not change).
    /// </summary>
    WrappedDataKey Rewrap(WrappedDataKey key, string ownerId);

    /// <summary>
    /// Several values of one owner under one unwrapping of its data key (a rotation's commit opens two values and
    /// seals two): the same results as <see cref="Seal"/> and <see cref="Open"/> one by one, with the same errors.
    /// Dispose it to zero the data key.
    /// </summary>
    IOwnerCipher ForOwner(WrappedDataKey key, string ownerId);

    /// <summary>Seals a one-off secret (e.g. a target's privileged password) together with its own wrapped data key.</summary>
    byte[] SealStandalone(string ownerId, string field, string plaintext);

    /// <summary>Decrypts a value sealed by <see cref="SealStandalone"/>.</summary>
    /// <exception cref="SecretDecryptionException">Tampered, moved, malformed, or its KEK is not in the key ring.</exception>
    string OpenStandalone(string ownerId, string field, byte[] sealedValue);

    /// <summary>The KEK version that wraps a standalone secret's embedded data key.</summary>
    /// <exception cref="SecretDecryptionException">The value is not a standalone secret.</exception>
    int StandaloneKekVersion(byte[] sealedValue);

    /// <summary>
    /// A standalone secret whose embedded data key is re-wrapped by the active KEK (the encrypted value is unchanged);
    /// returns <paramref name="sealedValue"/> itself when it already is under the active KEK.
    /// </summary>
    byte[] RewrapStandalone(string ownerId, byte[] sealedValue);
}
