using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace PasswordSync.Vault.Crypto;

/// <summary>
/// API keys are 256-bit random strings hashed with plain SHA-256. Why not a slow or keyed hash: those defend low-entropy
/// secrets (human passwords) against guessing, and a 256-bit random key cannot be guessed from its hash whatever the hash
/// speed. Why not HMAC keyed from the key ring: it would tie every API key to a KEK, so removing an old KEK after a
/// rotation would silently revoke every key, and the gateway's lookup by hash needs a value that never changes.
/// </summary>
public sealed class Sha256ApiKeyHasher : IApiKeyHasher
{
    public const string Prefix = "pws_";

    // Letters and digits only, so a key survives double-click selection, URLs and shell quoting intact.
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // 43 characters of 62 carry log2(62) * 43 = 256.03 bits.
    private const int RandomLength = 43;
    private const int DisplayedRandomCharacters = 4;

    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);

    public string NewApiKey()
    {
        Span<char> key = stackalloc char[Prefix.Length + RandomLength];
        Prefix.CopyTo(key);
        for (var i = Prefix.Length; i < key.Length; i++)
        {
            key[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(key);
    }

    public byte[] Hash(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
    }

    public bool Matches(string presentedKey, byte[] storedHash)
    {
        ArgumentNullException.ThrowIfNull(storedHash);
        return presentedKey is not null && CryptographicOperations.FixedTimeEquals(Hash(presentedKey), storedHash);
    }

    public bool IsWellFormed(string? presentedKey) =>
        presentedKey is not null
        && presentedKey.Length == Prefix.Length + RandomLength
        && presentedKey.StartsWith(Prefix, StringComparison.Ordinal)
        && presentedKey.AsSpan(Prefix.Length).IndexOfAnyExcept(AlphabetValues) < 0;

    public string DisplayPrefix(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return apiKey[..Math.Min(apiKey.Length, Prefix.Length + DisplayedRandomCharacters)];
    }
}
