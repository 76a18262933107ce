using System.Buffers;
using System.Security.Cryptography;

namespace PasswordSync.Gateway.Auth;

/// <summary>
/// The vault's API key format ("pws_" and 43 letters or digits = 256 random bits), for the bootstrap key the gateway
/// generates itself (the vault's EnsureApiKey checks the same shape).
/// </summary>
internal static class ApiKeyFormat
{
    private const string Prefix = "pws_";
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const int RandomLength = 43;
    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);

    public static string NewKey() => Prefix + RandomNumberGenerator.GetString(Alphabet, RandomLength);

    public static bool IsWellFormed(string? key) =>
        key is { Length: 47 } && key.StartsWith(Prefix, StringComparison.Ordinal)
                              && !key.AsSpan(Prefix.Length).ContainsAnyExcept(AlphabetValues);
}
