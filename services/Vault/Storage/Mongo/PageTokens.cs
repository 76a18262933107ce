using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// Opaque keyset page tokens: the position after the last item returned, bound to the query that produced it (a
/// hash of its canonical description), so a token replayed against another query is refused.
/// </summary>
internal static class PageTokens
{
    private const string ScopeElement = "q";
    private const string PositionElement = "p";

    public static string Encode(string scope, BsonDocument position)
    {
        var token = new BsonDocument { { ScopeElement, new BsonBinaryData(ScopeHash(scope)) }, { PositionElement, position } };
        return WebEncoders.Base64UrlEncode(token.ToBson());
    }

    /// <summary>The position in <paramref name="token"/>, null for the first page; InvalidPageToken when foreign.</summary>
    public static BsonDocument? Decode(string? token, string scope)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        BsonDocument document;
        try
        {
            document = BsonSerializer.Deserialize<BsonDocument>(WebEncoders.Base64UrlDecode(token));
        }
        catch (Exception e) when (e is FormatException or BsonException or EndOfStreamException or ArgumentException)
        {
            throw Invalid();
        }

        if (!document.TryGetValue(ScopeElement, out var hash) || !hash.IsBsonBinaryData
            || !hash.AsBsonBinaryData.Bytes.AsSpan().SequenceEqual(ScopeHash(scope))
            || !document.TryGetValue(PositionElement, out var position) || !position.IsBsonDocument)
        {
            throw Invalid();
        }

        return position.AsBsonDocument;
    }

    private static byte[] ScopeHash(string scope) => SHA256.HashData(Encoding.UTF8.GetBytes(scope))[..16];

    private static StoreException Invalid() =>
        new(StoreError.InvalidPageToken, "The page token was not issued for this query; start again without a token.");
}
