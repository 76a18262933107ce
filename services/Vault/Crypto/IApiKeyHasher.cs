namespace PasswordSync.Vault.Crypto;

/// <summary>Creates API keys and the hashes stored in their place (the key itself is shown once and never stored).</summary>
public interface IApiKeyHasher
{
    /// <summary>A new random key: "pws_" followed by 43 letters and digits (256 bits).</summary>
    string NewApiKey();

    /// <summary>The hash to store and to look the key up by.</summary>
    byte[] Hash(string apiKey);

    /// <summary>Whether <paramref name="presentedKey"/> hashes to <paramref name="storedHash"/>, compared in constant time.</summary>
    bool Matches(string presentedKey, byte[] storedHash);

    /// <summary>Whether the text has the shape of one of our keys (to reject garbage before any lookup).</summary>
    bool IsWellFormed(string? presentedKey);

    /// <summary>The non-secret beginning of a key, to recognise it in listings (e.g. "pws_AbC1").</summary>
    string DisplayPrefix(string apiKey);
}
