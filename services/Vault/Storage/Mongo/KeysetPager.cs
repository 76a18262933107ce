using MongoDB.Bson;
using MongoDB.Driver;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>Reads one page of a keyset query: one item more than asked tells whether another page follows.</summary>
internal static class KeysetPager
{
    /// <summary>A canonical description of a query, to bind its page tokens to it.</summary>
    public static string Scope(string query, params string?[] criteria) =>
        query + "\u001f" + string.Join("\u001f", criteria.Select(c => c ?? "\u0000"));

    public static async Task<Page<TModel>> ReadAsync<TDocument, TModel>(IMongoCollection<TDocument> collection,
        FilterDefinition<TDocument> filter, SortDefinition<TDocument> sort, PageRequest page, string scope,
        Func<TDocument, BsonDocument> positionOf, Func<TDocument, TModel> toModel, CancellationToken cancellationToken)
    {
        var size = page.EffectiveSize;
        var documents = await collection.Find(filter).Sort(sort).Limit(size + 1).ToListAsync(cancellationToken);
        var items = documents.Take(size).ToList();
        var next = documents.Count > size ? PageTokens.Encode(scope, positionOf(items[^1])) : "";
        return new Page<TModel>([.. items.Select(toModel)], next);
    }
}
