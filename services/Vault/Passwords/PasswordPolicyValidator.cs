using static PasswordSync.Vault.Passwords.PasswordPolicyLimits;

namespace PasswordSync.Vault.Passwords;

/// <summary>
/// Rejects policies that cannot produce a password, or only an unsafe one, naming each offending field by its proto
/// name (length, min_uppercase, excluded_characters, word_separator...). A policy that passes is one the generator
/// always satisfies.
/// </summary>
public static class PasswordPolicyValidator
{
    public static IReadOnlyList<(string Field, string Problem)> Validate(PasswordPolicy p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var problems = new List<(string Field, string Problem)>();
        if (p.ExcludedCharacters is null)
        {
            problems.Add(("excluded_characters", "must be set (empty to exclude nothing)"));
            return problems;
        }

        if (p.ExcludedCharacters.Length > MaxExcludedCharacters)
        {
            problems.Add(("excluded_characters", $"must be at most {MaxExcludedCharacters} characters"));
        }
        else if (PasswordCharacterRules.FindProblem(p.ExcludedCharacters) is { } excludedProblem)
        {
            problems.Add(("excluded_characters", excludedProblem));
        }

        switch (p.Style)
        {
            case PasswordStyle.Characters:
                ValidateCharacters(p, problems);
                break;
            case PasswordStyle.WordPhrase:
                ValidateWordPhrase(p, problems);
                break;
            default:
                problems.Add(("style", "must be characters or word_phrase"));
                break;
        }

        return problems;
    }

    /// <exception cref="InvalidPasswordPolicyException">The policy has at least one problem.</exception>
    public static void ThrowIfInvalid(PasswordPolicy policy)
    {
        var problems = Validate(policy);
        if (problems.Count > 0)
        {
            throw new InvalidPasswordPolicyException(problems);
        }
    }

    private static void ValidateCharacters(PasswordPolicy p, List<(string Field, string Problem)> problems)
    {
        var lengthInRange = p.Length is >= MinLength and <= MaxLength;
        if (!lengthInRange)
        {
            problems.Add(("length", $"must be between {MinLength} and {MaxLength}"));
        }

        var classes = CharacterClass.Of(p);
        foreach (var c in classes)
        {
            var allowed = c.AllowedBy(p);
            if (c.Minimum < 0)
            {
                problems.Add((c.PolicyField, "must not be negative"));
            }
            else if (c.Minimum > 0 && !c.Enabled)
            {
                problems.Add((c.PolicyField, $"is {c.Minimum} but {c.UseField} is false"));
            }
            else if (c.Enabled && allowed.Length == 0)
            {
                problems.Add(c.Minimum > 0
                    ? (c.PolicyField, $"asks for {c.Minimum} {c.Name} characters but excluded_characters excludes every one")
                    : ("excluded_characters",
                        $"excludes every {c.Name} character while {c.UseField} is true: exclude fewer or turn {c.UseField} off"));
            }
        }

        if (!classes.Any(c => c.Enabled))
        {
            problems.AddRange(classes.Select(c => (c.UseField, "at least one character class must be enabled")));
        }

        var minimums = classes.Sum(c => Math.Max(0, c.Minimum));
        if (lengthInRange && minimums > p.Length)
        {
            problems.Add(("length", $"is {p.Length} but the minimums per class add up to {minimums}"));
        }

        if (problems.Count == 0 && CharacterEntropyBits(p, classes) is var bits && bits < MinEntropyBits)
        {
            problems.Add(("length",
                $"gives only about {bits:F0} bits of randomness with these classes and exclusions; at least "
                + $"{MinEntropyBits:F0} are required: make it longer, enable more classes or exclude fewer characters"));
        }
    }

    private static void ValidateWordPhrase(PasswordPolicy p, List<(string Field, string Problem)> problems)
    {
        if (p.WordCount is < MinWords or > MaxWords)
        {
            problems.Add(("word_count", $"must be between {MinWords} and {MaxWords}"));
        }

        if (p.WordSeparator is null)
        {
            problems.Add(("word_separator", "must be set (empty for none)"));
            return;
        }

        if (p.WordSeparator.Length > MaxSeparatorLength)
        {
            problems.Add(("word_separator", $"must be at most {MaxSeparatorLength} characters"));
        }
        else if (PasswordCharacterRules.FindProblem(p.WordSeparator) is { } separatorProblem)
        {
            problems.Add(("word_separator", separatorProblem));
        }
        else if (p.WordSeparator.Any(char.IsLetter))
        {
            problems.Add(("word_separator", "must not contain letters: they would run into the words"));
        }
        else if (p.WordSeparator.AsSpan().IndexOfAny(p.ExcludedCharacters) >= 0)
        {
            problems.Add(("word_separator", "contains a character that excluded_characters excludes"));
        }

        var extraBits = 0.0;
        if (p.WordPhraseComplexity)
        {
            var digits = CharacterClass.Without(CharacterClass.Digits, p.ExcludedCharacters).Length;
            var symbols = CharacterClass.Without(CharacterClass.Symbols, p.ExcludedCharacters).Length;
            if (digits == 0)
            {
                problems.Add(("excluded_characters", "excludes every digit, but word_phrase_complexity needs one"));
            }

            if (symbols == 0)
            {
                problems.Add(("excluded_characters", "excludes every symbol, but word_phrase_complexity needs one"));
            }

            extraBits = Math.Log2(Math.Max(1, digits)) + Math.Log2(Math.Max(1, symbols));
        }

        var words = PhraseWords.EligibleFor(p).Count;
        if (words == 0)
        {
            problems.Add(("excluded_characters", "excludes a letter of every word in the word list"));
        }
        else if (p.WordCount is >= MinWords and <= MaxWords
            && (p.WordCount * Math.Log2(words)) + extraBits is var bits && bits < MinEntropyBits)
        {
            problems.Add(("excluded_characters",
                $"leaves only {words} usable words, about {bits:F0} bits of randomness; at least {MinEntropyBits:F0} "
                + "are required: exclude fewer letters or use more words"));
        }
    }

    /// <summary>
    /// About how many bits of randomness a generated password carries: the required characters from their own classes,
    /// the rest from all enabled classes, and where the required characters land. That overcounts when the free
    /// characters fall in a required class, so it is capped by the count of all strings of that length over the pool.
    /// </summary>
    private static double CharacterEntropyBits(PasswordPolicy p, IReadOnlyList<CharacterClass> classes)
    {
        var enabled = classes.Where(c => c.Enabled).ToList();
        var pool = enabled.Sum(c => c.AllowedBy(p).Length);
        var free = p.Length - enabled.Sum(c => c.Minimum);
        var characters = enabled.Sum(c => c.Minimum * Math.Log2(c.AllowedBy(p).Length)) + (free * Math.Log2(pool));
        var placements = Log2Factorial(p.Length) - Log2Factorial(free) - enabled.Sum(c => Log2Factorial(c.Minimum));
        return Math.Min(characters + placements, p.Length * Math.Log2(pool));
    }

    private static double Log2Factorial(int n)
    {
        var sum = 0.0;
        for (var i = 2; i <= n; i++)
        {
            sum += Math.Log2(i);
        }

        return sum;
    }
}
