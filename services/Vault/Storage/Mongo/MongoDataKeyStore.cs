using MongoDB.Driver;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>KEK rotation on MongoDB: each replacement is a compare-and-set on the wrapped key it re-wraps.</summary>
internal sealed class MongoDataKeyStore(MongoStoreContext context) : IDataKeyStore
{
    private readonly VaultCollections c = context.Collections;

    public async Task<IReadOnlyList<StoredDataKey>> ListNotUnderAsync(DataKeyOwnerKind ownerKind, int activeKekVersion,
        string? afterOwnerId, int max, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(max, 1, PageRequest.MaxSize);
        if (ownerKind == DataKeyOwnerKind.Record)
        {
            var records = await c.Records.Find(RecordFilters.DataKeyNotUnder(activeKekVersion, afterOwnerId))
                .Sort(RecordFilters.ById()).Limit(limit)
                .Project(Projections.DataKey)
                .ToListAsync(cancellationToken);
            return [.. records.Select(r => new StoredDataKey(DataKeyOwnerKind.Record, r.Id,
                new WrappedDataKey(r.KekVersion, r.Wrapped), null))];
        }

        var targets = await c.Targets.Find(TargetFilters.SecretNotUnder(activeKekVersion, afterOwnerId))
            .Sort(TargetFilters.ById()).Limit(limit)
            .Project(Projections.Secret)
            .ToListAsync(cancellationToken);
        return [.. targets.Select(t => new StoredDataKey(DataKeyOwnerKind.Target, t.Id, null, t.Sealed))];
    }

    public async Task<bool> ReplaceRecordKeyAsync(string recordId, WrappedDataKey expected, WrappedDataKey replacement,
        CancellationToken cancellationToken)
    {
        var result = await c.Records.UpdateOneAsync(RecordFilters.DataKeyIs(recordId, expected.KekVersion, expected.Wrapped),
            RecordUpdates.ReplaceDataKey(replacement.KekVersion, replacement.Wrapped), cancellationToken: cancellationToken);
        return result.ModifiedCount == 1;
    }

    public async Task<bool> ReplaceTargetSecretAsync(string targetId, byte[] expected, byte[] replacement,
        int replacementKekVersion, CancellationToken cancellationToken)
    {
        var result = await c.Targets.UpdateOneAsync(TargetFilters.SecretIs(targetId, expected),
            TargetFilters.ReplaceSecret(replacement, replacementKekVersion), cancellationToken: cancellationToken);
        return result.ModifiedCount == 1;
    }
}
