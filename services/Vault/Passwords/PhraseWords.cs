using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace PasswordSync.Vault.Passwords;

/// <summary>The word list as a word-phrase policy sees it: the words whose (capitalised) spelling it does not exclude.</summary>
internal static class PhraseWords
{
    private const int MaxCachedPolicies = 64;

    private static readonly ConcurrentDictionary<(string Excluded, bool Capitalised), string[]> Cache = new();

    public static FrozenSet<string> All { get; } = WordList.Words.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Eligible words, in the form they appear in the password (capitalised when complexity is on).</summary>
    public static IReadOnlyList<string> EligibleFor(PasswordPolicy policy)
    {
        var key = (policy.ExcludedCharacters ?? "", policy.WordPhraseComplexity);
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var words = WordList.Words
            .Select(w => key.Item2 ? Capitalise(w) : w)
            .Where(w => w.AsSpan().IndexOfAny(key.Item1) < 0)
            .ToArray();
        if (Cache.Count >= MaxCachedPolicies)
        {
            // Policies come from callers, so the cache must not grow without bound; a rebuild costs under a millisecond.
            Cache.Clear();
        }

        Cache[key] = words;
        return words;
    }

    public static string Capitalise(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
