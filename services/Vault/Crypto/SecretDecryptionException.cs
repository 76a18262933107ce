namespace PasswordSync.Vault.Crypto;

/// <summary>
/// A secret could not be decrypted. The message names the owner, the field and the KEK version, and what to do; it
/// never contains plaintext or key material.
/// </summary>
public sealed class SecretDecryptionException : Exception
{
    public SecretDecryptionException(string ownerId, string field, int? kekVersion, DecryptionFailure failure,
        string explanation, Exception? innerException = null)
        : base(BuildMessage(ownerId, field, kekVersion, explanation), innerException)
    {
        OwnerId = ownerId;
        Field = field;
        KekVersion = kekVersion;
        Failure = failure;
    }

    public SecretDecryptionException()
    {
        OwnerId = "";
        Field = "";
    }

    public SecretDecryptionException(string message)
        : base(message)
    {
        OwnerId = "";
        Field = "";
    }

    public SecretDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
        OwnerId = "";
        Field = "";
    }

    public string OwnerId { get; }

    public string Field { get; }

    public int? KekVersion { get; }

    public DecryptionFailure Failure { get; }

    private static string BuildMessage(string ownerId, string field, int? kekVersion, string explanation) =>
        kekVersion is { } version
            ? $"Cannot decrypt field '{field}' of '{ownerId}' (KEK version {version}): {explanation}"
            : $"Cannot decrypt field '{field}' of '{ownerId}': {explanation}";
}
