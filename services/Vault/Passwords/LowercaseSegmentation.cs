using System.Collections.Frozen;

namespace PasswordSync.Vault.Passwords;

/// <summary>
/// Splits run-together lowercase words ("horsebatterystaple") back into exactly N words of a list, to check phrases made
/// without separator or capitals. Dynamic programming over (position, words left), so it is linear in practice.
/// </summary>
internal static class LowercaseSegmentation
{
    private const int MinWordLength = 3;
    private const int MaxWordLength = 9;

    public static List<string>? Split(string text, int wordCount, FrozenSet<string> words)
    {
        var dead = new HashSet<(int Position, int Left)>();
        var result = new List<string>(wordCount);
        return TrySplit(text, 0, wordCount, words, dead, result) ? result : null;
    }

    private static bool TrySplit(string text, int position, int left, FrozenSet<string> words,
        HashSet<(int, int)> dead, List<string> result)
    {
        if (left == 0 || position == text.Length)
        {
            return left == 0 && position == text.Length;
        }

        if (dead.Contains((position, left)))
        {
            return false;
        }

        for (var length = MinWordLength; length <= MaxWordLength && position + length <= text.Length; length++)
        {
            var candidate = text.Substring(position, length);
            if (words.Contains(candidate))
            {
                result.Add(candidate);
                if (TrySplit(text, position + length, left - 1, words, dead, result))
                {
                    return true;
                }

                result.RemoveAt(result.Count - 1);
            }
        }

        dead.Add((position, left));
        return false;
    }
}
