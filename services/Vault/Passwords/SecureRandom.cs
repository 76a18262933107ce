using System.Security.Cryptography;

namespace PasswordSync.Vault.Passwords;

/// <summary>
/// Every random choice of the generator, all from <see cref="RandomNumberGenerator.GetInt32(int)"/>, which is a CSPRNG
/// and unbiased (it rejects out-of-range draws instead of taking a modulo).
/// </summary>
internal static class SecureRandom
{
    public static char Pick(string characters) => characters[RandomNumberGenerator.GetInt32(characters.Length)];

    public static T Pick<T>(IReadOnlyList<T> items) => items[RandomNumberGenerator.GetInt32(items.Count)];

    /// <summary>Fisher-Yates: every permutation equally likely.</summary>
    public static void Shuffle(Span<char> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = RandomNumberGenerator.GetInt32(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
