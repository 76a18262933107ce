using PasswordSync.Vault.Passwords;

namespace PasswordSync.Vault.Tests.Passwords;

public sealed class PasswordPolicyValidatorTests
{
    private const string AllSymbols = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private static readonly PasswordPolicy Phrase = new() { Style = PasswordStyle.WordPhrase };

    public static TheoryData<string, PasswordPolicy, string> InvalidPolicies => new()
    {
        { "too short", new PasswordPolicy { Length = 7 }, "length" },
        { "too long", new PasswordPolicy { Length = 257 }, "length" },
        { "negative minimum", new PasswordPolicy { MinUppercase = -1 }, "min_uppercase" },
        { "minimum of a disabled class", new PasswordPolicy { UseDigits = false, MinDigits = 2 }, "min_digits" },
        { "minimums exceed length", new PasswordPolicy { Length = 8, MinUppercase = 3, MinLowercase = 3, MinDigits = 2, MinSymbols = 2 }, "length" },
        { "required class entirely excluded", new PasswordPolicy { MinSymbols = 1, ExcludedCharacters = AllSymbols }, "min_symbols" },
        { "enabled class entirely excluded", new PasswordPolicy { MinLowercase = 0, ExcludedCharacters = "abcdefghijklmnopqrstuvwxyz" }, "excluded_characters" },
        { "no class enabled", new PasswordPolicy { UseUppercase = false, UseLowercase = false, UseDigits = false, UseSymbols = false, MinUppercase = 0, MinLowercase = 0, MinDigits = 0, MinSymbols = 0 }, "use_uppercase" },
        { "too little randomness", new PasswordPolicy { Length = 10, UseUppercase = false, UseLowercase = false, UseSymbols = false, MinUppercase = 0, MinLowercase = 0, MinSymbols = 0 }, "length" },
        { "excluded control character", new PasswordPolicy { ExcludedCharacters = "a\nb" }, "excluded_characters" },
        { "excluded text too long", new PasswordPolicy { ExcludedCharacters = new string('x', 300) }, "excluded_characters" },
        { "excluded null", new PasswordPolicy { ExcludedCharacters = null! }, "excluded_characters" },
        { "unknown style", new PasswordPolicy { Style = (PasswordStyle)42 }, "style" },
        { "two words", Phrase with { WordCount = 2 }, "word_count" },
        { "twenty-one words", Phrase with { WordCount = 21 }, "word_count" },
        { "separator with a tab", Phrase with { WordSeparator = "\t" }, "word_separator" },
        { "separator with CR LF", Phrase with { WordSeparator = "\r\n" }, "word_separator" },
        { "separator too long", Phrase with { WordSeparator = "----" }, "word_separator" },
        { "separator of letters", Phrase with { WordSeparator = "x" }, "word_separator" },
        { "separator excluded", Phrase with { WordSeparator = "-", ExcludedCharacters = "-" }, "word_separator" },
        { "separator null", Phrase with { WordSeparator = null! }, "word_separator" },
        { "complexity without digits", Phrase with { ExcludedCharacters = "0123456789" }, "excluded_characters" },
        { "complexity without symbols", Phrase with { WordSeparator = "", ExcludedCharacters = AllSymbols }, "excluded_characters" },
        { "vowels excluded", Phrase with { ExcludedCharacters = "aeiou" }, "excluded_characters" },
        { "most letters excluded", Phrase with { WordPhraseComplexity = false, ExcludedCharacters = "abcdefghijklmnopqrs" }, "excluded_characters" },
    };

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public void Unsatisfiable_or_unsafe_policies_are_rejected_naming_the_field(string name, PasswordPolicy policy,
        string field)
    {
        var problems = PasswordPolicyValidator.Validate(policy);

        Assert.True(problems.Any(p => p.Field == field),
            $"{name}: expected a problem on {field}, got [{string.Join("; ", problems.Select(p => $"{p.Field}: {p.Problem}"))}]");
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Problem)));
        Assert.Throws<InvalidPasswordPolicyException>(() => new PasswordGenerator().Generate(policy));
    }

    [Fact]
    public void No_class_enabled_names_every_class_switch()
    {
        var policy = new PasswordPolicy
        {
            UseUppercase = false,
            UseLowercase = false,
            UseDigits = false,
            UseSymbols = false,
            MinUppercase = 0,
            MinLowercase = 0,
            MinDigits = 0,
            MinSymbols = 0,
        };

        var fields = PasswordPolicyValidator.Validate(policy).Select(p => p.Field).ToList();

        Assert.Equal(["use_uppercase", "use_lowercase", "use_digits", "use_symbols"], fields);
    }

    [Fact]
    public void Minimums_exceeding_length_say_both_numbers()
    {
        var problem = Assert.Single(PasswordPolicyValidator.Validate(
            new PasswordPolicy { Length = 8, MinUppercase = 3, MinLowercase = 3, MinDigits = 2, MinSymbols = 2 }));

        Assert.Equal(("length", "is 8 but the minimums per class add up to 10"), problem);
    }

    [Theory]
    [MemberData(nameof(PasswordGeneratorTests.CharacterPolicies), MemberType = typeof(PasswordGeneratorTests))]
    [MemberData(nameof(PasswordGeneratorTests.WordPhrasePolicies), MemberType = typeof(PasswordGeneratorTests))]
    public void Satisfiable_policies_pass(string name, PasswordPolicy policy) =>
        Assert.True(PasswordPolicyValidator.Validate(policy).Count == 0, name);

    [Fact]
    public void Word_phrase_ignores_the_character_settings()
    {
        // A phrase policy carried over from a character one may keep odd character settings: they do not apply.
        Assert.Empty(PasswordPolicyValidator.Validate(Phrase with { Length = 0, MinDigits = -3 }));
    }
}
