using MongoDB.Driver;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// Runs a multi-document step in one transaction. The driver's WithTransactionAsync already retries transient
/// transaction errors (write conflicts between concurrent writers) and unknown commit results; this adds a bounded
/// retry for conflicts that surface as <see cref="RetryTransactionException"/>.
/// </summary>
internal sealed class MongoTransactions(IMongoClient client)
{
    private const int MaxAttempts = 10;

    public static TransactionOptions Options { get; } =
        new(ReadConcern.Snapshot, ReadPreference.Primary, MongoClientSettingsFactory.DurableWrites);

    public async Task<T> RunAsync<T>(Func<IClientSessionHandle, CancellationToken, Task<T>> body,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var session = await client.StartSessionAsync(cancellationToken: cancellationToken);
            try
            {
                return await session.WithTransactionAsync(body, Options, cancellationToken);
            }
            catch (RetryTransactionException) when (attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt), cancellationToken);
            }
        }
    }
}
