namespace PasswordSync.Vault.Passwords;

/// <summary>
/// Whether a password complies with a policy: for the character style, at least <c>length</c> characters, all from
/// the enabled classes and not excluded, with each class's minimum; for word phrases, exactly the generator's shape
/// (word_count words of the word list, joined by the separator, capitalised and ending in a digit and a symbol when
/// complexity is on). Problems are described without ever quoting the password or any of its characters.
/// </summary>
public static class PasswordPolicyChecker
{
    public static bool Satisfies(PasswordPolicy policy, string password) => Problems(policy, password).Count == 0;

    public static IReadOnlyList<string> Problems(PasswordPolicy policy, string password)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(password);
        if (PasswordCharacterRules.FindProblem(password) is { } characterProblem)
        {
            return [characterProblem];
        }

        if (password.Length > PasswordPolicyLimits.MaxLength)
        {
            return [$"is longer than {PasswordPolicyLimits.MaxLength} characters"];
        }

        return policy.Style == PasswordStyle.WordPhrase ? WordPhraseProblems(policy, password)
            : CharacterProblems(policy, password);
    }

    private static List<string> CharacterProblems(PasswordPolicy policy, string password)
    {
        var problems = new List<string>();
        if (password.Length < policy.Length)
        {
            problems.Add($"is shorter than {policy.Length} characters");
        }

        var classes = CharacterClass.Of(policy).Where(c => c.Enabled).Select(c => (Class: c, Allowed: c.AllowedBy(policy)))
            .ToList();
        if (password.Any(ch => !classes.Any(c => c.Allowed.Contains(ch))))
        {
            problems.Add("contains a character the policy does not allow (excluded, of a disabled class, or not printable ASCII)");
        }

        foreach (var (c, allowed) in classes)
        {
            if (password.Count(allowed.Contains) < c.Minimum)
            {
                problems.Add($"has fewer than {c.Minimum} {c.Name} characters");
            }
        }

        return problems;
    }

    private static List<string> WordPhraseProblems(PasswordPolicy policy, string password)
    {
        var excluded = policy.ExcludedCharacters ?? "";
        if (password.AsSpan().IndexOfAny(excluded) >= 0)
        {
            return ["contains a character from excluded_characters"];
        }

        var body = password;
        if (policy.WordPhraseComplexity)
        {
            if (password.Length < 2 || !CharacterClass.Digits.Contains(password[^2])
                || !CharacterClass.Symbols.Contains(password[^1]))
            {
                return ["does not end with a digit and a symbol"];
            }

            body = password[..^2];
        }

        var words = SplitWords(body, policy);
        return words is not null && words.Count == policy.WordCount && words.All(w => IsListWord(w, policy))
            ? []
            : [$"is not {policy.WordCount} words of the word list joined by the separator"
                + (policy.WordPhraseComplexity ? ", each capitalised" : "")];
    }

    private static List<string>? SplitWords(string body, PasswordPolicy policy)
    {
        if (!string.IsNullOrEmpty(policy.WordSeparator))
        {
            return [.. body.Split(policy.WordSeparator)];
        }

        if (policy.WordPhraseComplexity)
        {
            // Capitals mark where each word starts.
            var parts = new List<string>();
            var start = 0;
            for (var i = 1; i <= body.Length; i++)
            {
                if (i == body.Length || char.IsUpper(body[i]))
                {
                    parts.Add(body[start..i]);
                    start = i;
                }
            }

            return parts;
        }

        return LowercaseSegmentation.Split(body, policy.WordCount, PhraseWords.All);
    }

    private static bool IsListWord(string word, PasswordPolicy policy)
    {
        if (word.Length == 0)
        {
            return false;
        }

        if (policy.WordPhraseComplexity)
        {
            return char.IsUpper(word[0]) && PhraseWords.All.Contains(char.ToLowerInvariant(word[0]) + word[1..]);
        }

        return PhraseWords.All.Contains(word);
    }
}
