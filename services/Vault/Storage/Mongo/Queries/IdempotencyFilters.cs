using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo.Queries;

internal static class IdempotencyFilters
{
    public static FilterDefinition<IdempotencyDocument> ById(string requestId) =>
        Builders<IdempotencyDocument>.Filter.Eq(d => d.RequestId, requestId);
}
