namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>What every part of the Mongo store shares: the collections, transactions, idempotency and audit chain.</summary>
internal sealed class MongoStoreContext
{
    public MongoStoreContext(VaultCollections collections, TimeProvider clock)
    {
        Collections = collections;
        Clock = clock;
        Transactions = new MongoTransactions(collections.Client);
        Requests = new IdempotencyLedger(collections.Idempotency, clock);
        Audit = new AuditAppender(collections, clock);
    }

    public VaultCollections Collections { get; }

    public TimeProvider Clock { get; }

    public MongoTransactions Transactions { get; }

    public IdempotencyLedger Requests { get; }

    public AuditAppender Audit { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();
}
