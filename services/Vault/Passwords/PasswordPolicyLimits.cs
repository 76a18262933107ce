namespace PasswordSync.Vault.Passwords;

/// <summary>The bounds a password policy must stay within to be both satisfiable and safe.</summary>
public static class PasswordPolicyLimits
{
    public const int MinLength = 8;

    /// <summary>AD's unicodePwd and most hosts accept 256 characters; longer passwords fail in some of them.</summary>
    public const int MaxLength = 256;

    public const int MinWords = 3;
    public const int MaxWords = 20;

    /// <summary>Keeps the longest phrase (20 words of 9 letters, separators, digit and symbol) under <see cref="MaxLength"/>.</summary>
    public const int MaxSeparatorLength = 3;

    public const int MaxExcludedCharacters = 256;

    /// <summary>
    /// The least randomness a generated password may carry, in bits: about 8 random lowercase letters or 3 random words.
    /// Fewer (e.g. 10 digits) can be brute-forced offline from a leaked hash.
    /// </summary>
    public const double MinEntropyBits = 36;
}
