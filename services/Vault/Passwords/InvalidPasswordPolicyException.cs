namespace PasswordSync.Vault.Passwords;

/// <summary>A password policy that cannot produce a password, or only an unsafe one. Lists every offending field.</summary>
public sealed class InvalidPasswordPolicyException : ArgumentException
{
    public InvalidPasswordPolicyException(IReadOnlyList<(string Field, string Problem)> problems)
        : base("The password policy is invalid: " + string.Join("; ", problems.Select(p => $"{p.Field}: {p.Problem}")))
    {
        Problems = problems;
    }

    public InvalidPasswordPolicyException()
    {
        Problems = [];
    }

    public InvalidPasswordPolicyException(string message)
        : base(message)
    {
        Problems = [];
    }

    public InvalidPasswordPolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public IReadOnlyList<(string Field, string Problem)> Problems { get; }
}
