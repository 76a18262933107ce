namespace PasswordSync.Vault.Passwords;

/// <summary>Character passwords and word phrases from a CSPRNG (see <see cref="SecureRandom"/>).</summary>
public sealed class PasswordGenerator : IPasswordGenerator
{
    public string Generate(PasswordPolicy policy)
    {
        PasswordPolicyValidator.ThrowIfInvalid(policy);
        var password = policy.Style == PasswordStyle.WordPhrase ? GenerateWordPhrase(policy) : GenerateCharacters(policy);

        // The construction satisfies the policy by design; this check makes "never returns a password that breaks the
        // policy" hold even if that design has a bug, at the cost of an exception instead of a bad password.
        return PasswordPolicyChecker.Satisfies(policy, password)
            ? password
            : throw new InvalidOperationException(
                "The password generator made a password that breaks its own policy (a bug); no password was returned.");
    }

    private static string GenerateCharacters(PasswordPolicy policy)
    {
        var classes = CharacterClass.Of(policy).Where(c => c.Enabled).Select(c => (c.Minimum, Allowed: c.AllowedBy(policy)))
            .ToList();
        var pool = string.Concat(classes.Select(c => c.Allowed));
        var buffer = new char[policy.Length];
        var next = 0;
        foreach (var (minimum, allowed) in classes)
        {
            for (var i = 0; i < minimum; i++)
            {
                buffer[next++] = SecureRandom.Pick(allowed);
            }
        }

        while (next < buffer.Length)
        {
            buffer[next++] = SecureRandom.Pick(pool);
        }

        // The required characters were placed first; shuffling spreads them so their positions carry no pattern.
        SecureRandom.Shuffle(buffer);
        var password = new string(buffer);
        Array.Clear(buffer);
        return password;
    }

    private static string GenerateWordPhrase(PasswordPolicy policy)
    {
        var words = PhraseWords.EligibleFor(policy);
        var chosen = new string[policy.WordCount];
        for (var i = 0; i < chosen.Length; i++)
        {
            chosen[i] = SecureRandom.Pick(words);
        }

        var phrase = string.Join(policy.WordSeparator, chosen);
        if (!policy.WordPhraseComplexity)
        {
            return phrase;
        }

        var digit = SecureRandom.Pick(CharacterClass.Without(CharacterClass.Digits, policy.ExcludedCharacters));
        var symbol = SecureRandom.Pick(CharacterClass.Without(CharacterClass.Symbols, policy.ExcludedCharacters));
        return $"{phrase}{digit}{symbol}";
    }
}
