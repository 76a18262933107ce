namespace PasswordSync.Vault.Passwords;

/// <summary>How generated passwords are made: random characters from classes, or a phrase of random words.</summary>
public enum PasswordStyle
{
    Characters,
    WordPhrase,
}

/// <summary>
/// A password list's generator policy. Character style: <see cref="Length"/> characters drawn from the enabled classes,
/// with at least the given number from each class, never any of <see cref="ExcludedCharacters"/>. Word-phrase style:
/// <see cref="WordCount"/> random words joined by <see cref="WordSeparator"/>, optionally with a digit and a symbol so
/// complexity rules of directories (AD: three of four classes) are met.
/// </summary>
public sealed record PasswordPolicy
{
    public PasswordStyle Style { get; init; } = PasswordStyle.Characters;

    public int Length { get; init; } = 20;

    public int MinUppercase { get; init; } = 1;

    public int MinLowercase { get; init; } = 1;

    public int MinDigits { get; init; } = 1;

    public int MinSymbols { get; init; } = 1;

    public bool UseUppercase { get; init; } = true;

    public bool UseLowercase { get; init; } = true;

    public bool UseDigits { get; init; } = true;

    public bool UseSymbols { get; init; } = true;

    public string ExcludedCharacters { get; init; } = "";

    public int WordCount { get; init; } = 4;

    public string WordSeparator { get; init; } = "-";

    /// <summary>Word phrases: capitalise each word and append a digit and a symbol (for AD complexity).</summary>
    public bool WordPhraseComplexity { get; init; } = true;

    public static PasswordPolicy Default { get; } = new();
}
