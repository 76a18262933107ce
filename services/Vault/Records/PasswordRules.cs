using PasswordSync.Vault.Passwords;
using PasswordSync.Vault.Validation;

namespace PasswordSync.Vault.Records;

/// <summary>Shape rules for passwords and the reasons callers give; problems never echo the value.</summary>
public static class PasswordRules
{
    public const int MaxPasswordLength = 1024;
    public const int MaxReasonLength = 512;

    public static void Password(Violations violations, string field, string password, bool required)
    {
        if (password.Length == 0)
        {
            if (required)
            {
                violations.Add(field, "is required.");
            }

            return;
        }

        if (password.Length > MaxPasswordLength)
        {
            violations.Add(field, $"is longer than {MaxPasswordLength} characters.");
        }

        // The same characters the generator never produces: a password must survive every directory and SSH stdin.
        if (PasswordCharacterRules.FindProblem(password) is { } problem)
        {
            violations.Add(field, problem + ".");
        }
    }

    public static void Reason(Violations violations, string field, string reason, bool required) =>
        TextRules.SingleLine(violations, field, reason, MaxReasonLength, required);
}
