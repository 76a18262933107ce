using PasswordSync.Vault.Passwords;

namespace PasswordSync.Vault.Tests.Passwords;

public sealed class PasswordGeneratorTests
{
    private const int Draws = 2000;
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";
    private const string Symbols = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private readonly PasswordGenerator _generator = new();

    public static TheoryData<string, PasswordPolicy> CharacterPolicies => new()
    {
        { "default", PasswordPolicy.Default },
        { "shortest allowed", new PasswordPolicy { Length = 8 } },
        { "longest allowed", new PasswordPolicy { Length = 256, MinSymbols = 10 } },
        { "length equals the sum of minimums", new PasswordPolicy { Length = 10, MinUppercase = 3, MinLowercase = 3, MinDigits = 2, MinSymbols = 2 } },
        { "tight and short", new PasswordPolicy { Length = 8, MinUppercase = 2, MinLowercase = 2, MinDigits = 2, MinSymbols = 2 } },
        { "heavy exclusions", new PasswordPolicy
            {
                Length = 24, MinUppercase = 2, MinLowercase = 2, MinDigits = 2, MinSymbols = 2,
                ExcludedCharacters = "ABCDEFGHIJKLMNOPQRSTUVW" + "abcdefghijklmnopqrstuvw" + "012345678" + Symbols.Replace("#", "", StringComparison.Ordinal),
            }
        },
        { "look-alikes excluded", new PasswordPolicy { Length = 14, ExcludedCharacters = "Il1O0o|`'\"" } },
        { "digits only", new PasswordPolicy { Length = 20, UseUppercase = false, UseLowercase = false, UseSymbols = false, MinUppercase = 0, MinLowercase = 0, MinSymbols = 0, MinDigits = 20 } },
        { "letters without minimums", new PasswordPolicy { Length = 12, UseDigits = false, UseSymbols = false, MinUppercase = 0, MinLowercase = 0, MinDigits = 0, MinSymbols = 0 } },
        { "symbols only", new PasswordPolicy { Length = 12, UseUppercase = false, UseLowercase = false, UseDigits = false, MinUppercase = 0, MinLowercase = 0, MinDigits = 0, MinSymbols = 5 } },
        { "classes without minimum beside a required one", new PasswordPolicy { Length = 12, UseSymbols = false, MinSymbols = 0, MinUppercase = 0, MinLowercase = 0, MinDigits = 3 } },
    };

    public static TheoryData<string, PasswordPolicy> WordPhrasePolicies => new()
    {
        { "default phrase", new PasswordPolicy { Style = PasswordStyle.WordPhrase } },
        { "three words, space, plain", new PasswordPolicy { Style = PasswordStyle.WordPhrase, WordCount = 3, WordSeparator = " ", WordPhraseComplexity = false } },
        { "twenty words, no separator, complex", new PasswordPolicy { Style = PasswordStyle.WordPhrase, WordCount = 20, WordSeparator = "" } },
        { "run-together lowercase words", new PasswordPolicy { Style = PasswordStyle.WordPhrase, WordCount = 5, WordSeparator = "", WordPhraseComplexity = false } },
        { "two-character separator", new PasswordPolicy { Style = PasswordStyle.WordPhrase, WordCount = 6, WordSeparator = "_." } },
        { "digit separator", new PasswordPolicy { Style = PasswordStyle.WordPhrase, WordCount = 4, WordSeparator = "7" } },
        { "letters and symbols excluded", new PasswordPolicy { Style = PasswordStyle.WordPhrase, WordCount = 5, ExcludedCharacters = "eqxzQXZ!\"'`$\\" } },
    };

    [Theory]
    [MemberData(nameof(CharacterPolicies))]
    public void Every_generated_password_meets_its_character_policy(string name, PasswordPolicy policy)
    {
        var allowed = AllowedCharacters(policy);
        for (var i = 0; i < Draws; i++)
        {
            var password = _generator.Generate(policy);

            // Checked here independently of PasswordPolicyChecker, which the generator itself relies on.
            Assert.True(password.Length == policy.Length, name);
            Assert.True(password.All(allowed.Contains), $"{name}: a character outside the allowed set");
            Assert.True(password.Count(Upper.Contains) >= policy.MinUppercase, name);
            Assert.True(password.Count(Lower.Contains) >= policy.MinLowercase, name);
            Assert.True(password.Count(Digits.Contains) >= policy.MinDigits, name);
            Assert.True(password.Count(Symbols.Contains) >= policy.MinSymbols, name);
            Assert.True(PasswordPolicyChecker.Satisfies(policy, password), name);
        }
    }

    [Theory]
    [MemberData(nameof(CharacterPolicies))]
    public void Every_allowed_character_appears_and_no_other(string name, PasswordPolicy policy)
    {
        var allowed = AllowedCharacters(policy);
        var seen = new HashSet<char>();
        for (var i = 0; i < Draws && seen.Count < allowed.Count; i++)
        {
            seen.UnionWith(_generator.Generate(policy));
        }

        Assert.True(allowed.SetEquals(seen), $"{name}: allowed {allowed.Count} characters, saw {seen.Count}");
    }

    [Fact]
    public void Characters_are_drawn_uniformly_when_no_minimum_skews_them()
    {
        var policy = new PasswordPolicy { Length = 50, MinUppercase = 0, MinLowercase = 0, MinDigits = 0, MinSymbols = 0 };
        var counts = new Dictionary<char, int>();
        const int passwords = 4000;
        for (var i = 0; i < passwords; i++)
        {
            foreach (var c in _generator.Generate(policy))
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        }

        // 200,000 draws over 94 characters: ~2128 each, standard deviation ~46. Six deviations catch any modulo bias
        // (which would skew some characters by tens of percent) while a fair generator essentially never fails.
        var expected = passwords * 50.0 / 94;
        var tolerance = 6 * Math.Sqrt(expected);
        Assert.Equal(94, counts.Count);
        Assert.All(counts, pair => Assert.InRange(pair.Value, expected - tolerance, expected + tolerance));
    }

    [Fact]
    public void Required_characters_are_shuffled_into_every_position()
    {
        // One required digit among letters: without the shuffle it would always be first.
        var policy = new PasswordPolicy
        {
            Length = 10,
            UseSymbols = false,
            MinSymbols = 0,
            MinUppercase = 0,
            MinLowercase = 0,
            MinDigits = 1,
        };
        var digitsAt = new int[policy.Length];
        for (var i = 0; i < Draws; i++)
        {
            var password = _generator.Generate(policy);
            for (var p = 0; p < password.Length; p++)
            {
                digitsAt[p] += char.IsAsciiDigit(password[p]) ? 1 : 0;
            }
        }

        // Each position holds a digit in ~24% of draws (the required one 10%, plus ~10/62 from the rest).
        Assert.All(digitsAt, count => Assert.InRange(count, Draws * 0.15, Draws * 0.35));
    }

    [Theory]
    [MemberData(nameof(WordPhrasePolicies))]
    public void Every_generated_phrase_meets_its_word_phrase_policy(string name, PasswordPolicy policy)
    {
        for (var i = 0; i < Draws; i++)
        {
            var password = _generator.Generate(policy);

            Assert.True(PasswordPolicyChecker.Satisfies(policy, password), name);
            Assert.True(password.All(c => !policy.ExcludedCharacters.Contains(c)), name);
            Assert.Null(PasswordCharacterRules.FindProblem(password));
            Assert.True(password.Length <= 256, name);
            if (policy.WordSeparator.Length > 0)
            {
                var body = policy.WordPhraseComplexity ? password[..^2] : password;
                Assert.Equal(policy.WordCount, body.Split(policy.WordSeparator).Length);
            }

            if (policy.WordPhraseComplexity)
            {
                Assert.True(char.IsAsciiDigit(password[^2]) && Symbols.Contains(password[^1]), name);
                Assert.True(char.IsUpper(password[0]), name);
            }
        }
    }

    [Fact]
    public void Phrases_use_the_whole_word_list_and_every_allowed_digit_and_symbol()
    {
        var policy = new PasswordPolicy { Style = PasswordStyle.WordPhrase, WordCount = 4, WordSeparator = "-" };
        var words = new HashSet<string>();
        var digits = new HashSet<char>();
        var symbols = new HashSet<char>();
        for (var i = 0; i < 3000; i++)
        {
            var password = _generator.Generate(policy);
            words.UnionWith(password[..^2].Split('-'));
            digits.Add(password[^2]);
            symbols.Add(password[^1]);
        }

        // 12,000 picks from 7,772 words leave ~6,100 distinct ones expected; a skewed picker would show far fewer.
        Assert.InRange(words.Count, 5500, 7772);
        Assert.Equal(10, digits.Count);
        Assert.Equal(32, symbols.Count);
    }

    [Fact]
    public void An_invalid_policy_is_refused_with_the_offending_fields()
    {
        var error = Assert.Throws<InvalidPasswordPolicyException>(
            () => _generator.Generate(new PasswordPolicy { Length = 8, MinUppercase = 5, MinDigits = 5 }));

        Assert.Contains(error.Problems, p => p.Field == "length");
        Assert.Contains("length:", error.Message, StringComparison.Ordinal);
    }

    private static HashSet<char> AllowedCharacters(PasswordPolicy policy)
    {
        var all = (policy.UseUppercase ? Upper : "") + (policy.UseLowercase ? Lower : "")
            + (policy.UseDigits ? Digits : "") + (policy.UseSymbols ? Symbols : "");
        return [.. all.Where(c => !policy.ExcludedCharacters.Contains(c))];
    }
}
