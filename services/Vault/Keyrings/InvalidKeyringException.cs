namespace PasswordSync.Vault.Keyrings;

/// <summary>A key ring's content is unusable (bad JSON, wrong key size, no active version...). Never holds key material.</summary>
public sealed class InvalidKeyringException : Exception
{
    public InvalidKeyringException(string problem)
        : base(problem)
    {
    }

    public InvalidKeyringException(string problem, Exception innerException)
        : base(problem, innerException)
    {
    }

    public InvalidKeyringException()
    {
    }
}
