using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// Opaque keyset-paging tokens: the key of the last item returned plus a fingerprint of the query, so a token is
/// only accepted by the query that issued it. Tokens need no secrecy: the key only says where to continue.
/// </summary>
internal static class PageTokens
{
    public static string Fingerprint(params string?[] queryParts)
    {
        var text = string.Join('\u001f', queryParts.Select(p => p ?? "\u0000"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 8);
    }

    public static string Encode(string fingerprint, params string[] key)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new[] { fingerprint }.Concat(key).ToArray());
        return Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The key after which to continue, or null for the first page.</summary>
    public static string[]? Decode(string? token, string fingerprint, int keyParts)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string[]? parts;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            parts = JsonSerializer.Deserialize<string[]>(Convert.FromBase64String(base64));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            parts = null;
        }

        if (parts is null || parts.Length != keyParts + 1 || parts[0] != fingerprint || parts.Any(p => p is null))
        {
            throw new StoreException(StoreError.InvalidPageToken, "The page token was not issued for this query.");
        }

        return parts[1..];
    }

    /// <summary>A numeric key part (sequence, ordinal, time) of a decoded token.</summary>
    public static long Number(string keyPart) => long.TryParse(keyPart, out var number)
        ? number
        : throw new StoreException(StoreError.InvalidPageToken, "The page token was not issued for this query.");

    /// <summary>Cuts the one extra row a query fetched to learn whether another page follows.</summary>
    public static Page<T> ToPage<T>(List<T> rows, int size, string fingerprint, Func<T, string[]> keyOf)
    {
        if (rows.Count <= size)
        {
            return new Page<T>(rows, "");
        }

        rows.RemoveRange(size, rows.Count - size);
        return new Page<T>(rows, Encode(fingerprint, keyOf(rows[^1])));
    }
}
