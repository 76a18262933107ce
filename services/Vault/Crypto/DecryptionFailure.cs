namespace PasswordSync.Vault.Crypto;

/// <summary>Why a secret could not be decrypted.</summary>
public enum DecryptionFailure
{
    /// <summary>The data key is wrapped by a KEK version the key ring does not hold (removed too early, or wrong key ring).</summary>
    UnknownKekVersion,

    /// <summary>AES-GCM authentication failed: the bytes were altered, moved to another owner or field, or the KEK differs.</summary>
    AuthenticationFailed,

    /// <summary>The bytes are not a sealed value of any known format (truncated, or not ours).</summary>
    Malformed,
}
