namespace PasswordSync.Vault.Keyrings;

/// <summary>
/// The vault has no usable key ring and must not start. The message says what is wrong and exactly how to fix it; it
/// never contains key material.
/// </summary>
public sealed class KeyringUnavailableException : Exception
{
    public KeyringUnavailableException(string message)
        : base(message)
    {
    }

    public KeyringUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KeyringUnavailableException()
    {
    }
}
