using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>The typed collections of one vault database, all reading from the primary and writing majority + journal.</summary>
internal sealed class VaultCollections
{
    public VaultCollections(IMongoDatabase database)
    {
        DocumentClassMaps.EnsureRegistered();
        Database = database.WithReadPreference(ReadPreference.Primary)
            .WithReadConcern(ReadConcern.Majority)
            .WithWriteConcern(MongoClientSettingsFactory.DurableWrites);
        Lists = Database.GetCollection<ListDocument>(CollectionNames.Lists);
        Records = Database.GetCollection<RecordDocument>(CollectionNames.Records);
        Targets = Database.GetCollection<TargetDocument>(CollectionNames.Targets);
        Jobs = Database.GetCollection<JobDocument>(CollectionNames.Jobs);
        JobItems = Database.GetCollection<JobItemDocument>(CollectionNames.JobItems);
        ApiKeys = Database.GetCollection<ApiKeyDocument>(CollectionNames.ApiKeys);
        AuditEvents = Database.GetCollection<AuditEventDocument>(CollectionNames.AuditEvents);
        AuditHead = Database.GetCollection<AuditHeadDocument>(CollectionNames.AuditHead);
        Idempotency = Database.GetCollection<IdempotencyDocument>(CollectionNames.Idempotency);
    }

    public IMongoDatabase Database { get; }

    public IMongoClient Client => Database.Client;

    public IMongoCollection<ListDocument> Lists { get; }

    public IMongoCollection<RecordDocument> Records { get; }

    public IMongoCollection<TargetDocument> Targets { get; }

    public IMongoCollection<JobDocument> Jobs { get; }

    public IMongoCollection<JobItemDocument> JobItems { get; }

    public IMongoCollection<ApiKeyDocument> ApiKeys { get; }

    public IMongoCollection<AuditEventDocument> AuditEvents { get; }

    public IMongoCollection<AuditHeadDocument> AuditHead { get; }

    public IMongoCollection<IdempotencyDocument> Idempotency { get; }
}
