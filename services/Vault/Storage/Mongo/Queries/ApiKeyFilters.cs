using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo.Queries;

internal static class ApiKeyFilters
{
    private static FilterDefinitionBuilder<ApiKeyDocument> F => Builders<ApiKeyDocument>.Filter;

    public static FilterDefinition<ApiKeyDocument> ById(string id) => F.Eq(d => d.Id, id);

    public static FilterDefinition<ApiKeyDocument> ByHash(byte[] hash) => F.Eq(d => d.Hash, hash);

    /// <summary>Revocation keeps the first time: only a key not yet revoked matches.</summary>
    public static FilterDefinition<ApiKeyDocument> NotRevoked(string id) => ById(id) & F.Eq(d => d.RevokedAt, null);

    public static FilterDefinition<ApiKeyDocument> After(string? afterId) =>
        afterId is null ? F.Empty : F.Gt(d => d.Id, afterId);

    public static SortDefinition<ApiKeyDocument> ById() => Builders<ApiKeyDocument>.Sort.Ascending(d => d.Id);

    public static UpdateDefinition<ApiKeyDocument> Revoke(DateTimeOffset revokedAt) =>
        Builders<ApiKeyDocument>.Update.Set(d => d.RevokedAt, BsonDates.ToBson(revokedAt));

    public static UpdateDefinition<ApiKeyDocument> Touch(DateTimeOffset usedAt) =>
        Builders<ApiKeyDocument>.Update.Set(d => d.LastUsedAt, BsonDates.ToBson(usedAt));
}
