using MongoDB.Bson;
using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo.Documents;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// The production vault store on MongoDB (a replica set: every change commits with its audit event in one
/// transaction). One document per record holds its sealed secrets, history and pending rotation.
/// </summary>
public sealed class MongoVaultStore : IVaultStore
{
    private const int NamespaceExistsCode = 48;

    private readonly VaultCollections collections;

    public MongoVaultStore(IMongoClient client, string databaseName, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        collections = new VaultCollections(client.GetDatabase(databaseName));
        var context = new MongoStoreContext(collections, clock);
        Lists = new MongoListStore(context);
        Records = new MongoRecordStore(context);
        Rotations = new MongoRotationJournal(context);
        Targets = new MongoTargetStore(context);
        Jobs = new MongoJobStore(context);
        ApiKeys = new MongoApiKeyStore(context);
        Audit = new MongoAuditLog(context);
        DataKeys = new MongoDataKeyStore(context);
    }

    public IListStore Lists { get; }

    public IRecordStore Records { get; }

    public IRotationJournal Rotations { get; }

    public ITargetStore Targets { get; }

    public IJobStore Jobs { get; }

    public IApiKeyStore ApiKeys { get; }

    public IAuditLog Audit { get; }

    public IDataKeyStore DataKeys { get; }

    public IVaultSnapshots Snapshots { get; } = new MongoSnapshots();

    public async Task<int> ForgetRequestIdsAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        (int)(await collections.Idempotency.DeleteManyAsync(IdempotencyFilters.RecordedBefore(before),
            cancellationToken)).DeletedCount;

    /// <summary>
    /// Checks the server is a replica set (transactions), then creates the collections, the indexes and the audit
    /// chain's head when missing. Idempotent.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await RequireReplicaSetAsync(cancellationToken);
        // Collections are created up front: creating one implicitly inside a transaction is not allowed everywhere.
        var existing = await (await collections.Database.ListCollectionNamesAsync(cancellationToken: cancellationToken))
            .ToListAsync(cancellationToken);
        foreach (var name in CollectionNames.All.Except(existing))
        {
            try
            {
                await collections.Database.CreateCollectionAsync(name, cancellationToken: cancellationToken);
            }
            catch (MongoCommandException e) when (e.Code == NamespaceExistsCode)
            {
                // Another instance created it at the same time.
            }
        }

        await VaultIndexes.CreateAllAsync(collections, cancellationToken);
        await collections.AuditHead.UpdateOneAsync(AuditFilters.Head(), AuditFilters.CreateHead(),
            new UpdateOptions { IsUpsert = true }, cancellationToken);
    }

    private async Task RequireReplicaSetAsync(CancellationToken cancellationToken)
    {
        BsonDocument hello;
        try
        {
            hello = await collections.Client.GetDatabase("admin")
                .RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException(
                "MongoDB did not answer: check the vault's MongoDB connection string, that the server runs, and that "
                + "this host can reach it. " + e.Message, e);
        }

        if (ReplicaSetRequirement.Problem(hello) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }
}
