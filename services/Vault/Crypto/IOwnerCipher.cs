namespace PasswordSync.Vault.Crypto;

/// <summary>One owner's values sealed and opened under one unwrapping of its data key (see <see cref="IRecordCipher.ForOwner"/>).</summary>
public interface IOwnerCipher : IDisposable
{
    /// <summary>As <see cref="IRecordCipher.Seal"/> for this owner.</summary>
    byte[] Seal(string field, string plaintext);

    /// <summary>As <see cref="IRecordCipher.Open"/> for this owner.</summary>
    /// <exception cref="SecretDecryptionException">Tampered, moved, malformed, or its KEK is not in the key ring.</exception>
    string Open(string field, byte[] sealedValue);
}
