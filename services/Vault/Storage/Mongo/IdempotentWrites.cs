using MongoDB.Bson;
using MongoDB.Driver;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// Runs a write under a request id: in one transaction, either the recorded first result is returned, or the write
/// runs and its result is recorded with it.
/// </summary>
internal static class IdempotentWrites
{
    public static Task<T> RunIdempotentAsync<T>(this MongoStoreContext context, string requestId, string operation,
        string fingerprint, Func<IClientSessionHandle, CancellationToken, Task<T>> write, Func<T, BsonDocument> save,
        Func<IClientSessionHandle, BsonDocument, CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        return context.Transactions.RunAsync(async (session, ct) =>
        {
            var first = await context.Requests.FindAsync(session, requestId, operation, fingerprint, ct);
            if (first is not null)
            {
                return await load(session, first, ct);
            }

            var result = await write(session, ct);
            await context.Requests.RecordAsync(session, requestId, operation, fingerprint, save(result), ct);
            return result;
        }, cancellationToken);
    }

    /// <summary>Arguments joined unambiguously (a unit separator cannot occur in ids).</summary>
    public static string Fingerprint(params string[] arguments) => string.Join('\u001f', arguments);
}
