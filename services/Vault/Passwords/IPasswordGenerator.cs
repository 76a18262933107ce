namespace PasswordSync.Vault.Passwords;

/// <summary>Generates passwords from a policy; never returns one that breaks it.</summary>
public interface IPasswordGenerator
{
    /// <exception cref="InvalidPasswordPolicyException">The policy cannot produce a safe password.</exception>
    string Generate(PasswordPolicy policy);
}
