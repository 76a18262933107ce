namespace PasswordSync.Vault.Crypto;

/// <summary>A data key wrapped (AES-GCM) by the key-encryption key of the given keyring version.</summary>
public sealed record WrappedDataKey(int KekVersion, byte[] Wrapped);
