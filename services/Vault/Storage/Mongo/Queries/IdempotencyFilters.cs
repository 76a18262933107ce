using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo.Queries;

internal static class IdempotencyFilters
{
    public static FilterDefinition<IdempotencyDocument> ById(string requestId) =>
        Builders<IdempotencyDocument>.Filter.Eq(d => d.RequestId, requestId);

    /// <summary>Request ids recorded before <paramref name="before"/> (what the TTL index would expire too).</summary>
    public static FilterDefinition<IdempotencyDocument> RecordedBefore(DateTimeOffset before) =>
        Builders<IdempotencyDocument>.Filter.Lt(d => d.CreatedAt, BsonDates.ToBson(before));
}
