namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>A list's password generator policy.</summary>
internal sealed class PolicyDocument
{
    public Passwords.PasswordStyle Style { get; set; }

    public int Length { get; set; }

    public int MinUppercase { get; set; }

    public int MinLowercase { get; set; }

    public int MinDigits { get; set; }

    public int MinSymbols { get; set; }

    public bool UseUppercase { get; set; }

    public bool UseLowercase { get; set; }

    public bool UseDigits { get; set; }

    public bool UseSymbols { get; set; }

    public string ExcludedCharacters { get; set; } = "";

    public int WordCount { get; set; }

    public string WordSeparator { get; set; } = "";

    public bool WordPhraseComplexity { get; set; }
}
