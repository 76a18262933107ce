using MongoDB.Bson;
using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo.Documents;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// Request ids of idempotent writes. Looked up and recorded inside the write's own transaction, so the result is
/// recorded exactly when the change commits.
/// </summary>
internal sealed class IdempotencyLedger(IMongoCollection<IdempotencyDocument> requests, TimeProvider clock)
{
    /// <summary>The first result for this request id, null when it is new; RequestIdReused when used for something else.</summary>
    public async Task<BsonDocument?> FindAsync(IClientSessionHandle session, string requestId, string operation,
        string fingerprint, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        var first = await requests.Find(session, IdempotencyFilters.ById(requestId)).FirstOrDefaultAsync(cancellationToken);
        if (first is null)
        {
            return null;
        }

        if (first.Operation != operation || first.Fingerprint != fingerprint)
        {
            throw new StoreException(StoreError.RequestIdReused,
                $"Request id '{requestId}' was already used for another operation or other arguments; use a new request id.");
        }

        return first.Result;
    }

    public async Task RecordAsync(IClientSessionHandle session, string requestId, string operation, string fingerprint,
        BsonDocument result, CancellationToken cancellationToken)
    {
        var entry = new IdempotencyDocument
        {
            RequestId = requestId,
            Operation = operation,
            Fingerprint = fingerprint,
            Result = result,
            CreatedAt = BsonDates.ToBson(clock.GetUtcNow()),
        };
        try
        {
            await requests.InsertOneAsync(session, entry, cancellationToken: cancellationToken);
        }
        catch (MongoException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // The same request committed concurrently after our snapshot: run again and return its result.
            throw new RetryTransactionException("A concurrent request with the same id committed first.");
        }
    }
}
