namespace PasswordSync.Vault.Passwords;

/// <summary>
/// A class of password characters and what a policy asks of it. Only printable ASCII is ever generated: every directory
/// and host we synchronise accepts it, whereas spaces and non-ASCII letters trip up some of them.
/// </summary>
internal sealed record CharacterClass(string Name, string PolicyField, string UseField, string Characters, bool Enabled,
    int Minimum)
{
    public const string Uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public const string Lowercase = "abcdefghijklmnopqrstuvwxyz";
    public const string Digits = "0123456789";
    public const string Symbols = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>This class's characters that the policy does not exclude.</summary>
    public string AllowedBy(PasswordPolicy policy) => Without(Characters, policy.ExcludedCharacters);

    public static IReadOnlyList<CharacterClass> Of(PasswordPolicy policy) =>
    [
        new("uppercase", "min_uppercase", "use_uppercase", Uppercase, policy.UseUppercase, policy.MinUppercase),
        new("lowercase", "min_lowercase", "use_lowercase", Lowercase, policy.UseLowercase, policy.MinLowercase),
        new("digit", "min_digits", "use_digits", Digits, policy.UseDigits, policy.MinDigits),
        new("symbol", "min_symbols", "use_symbols", Symbols, policy.UseSymbols, policy.MinSymbols),
    ];

    public static string Without(string characters, string excluded) =>
        string.Concat(characters.Where(c => !excluded.Contains(c)));
}
