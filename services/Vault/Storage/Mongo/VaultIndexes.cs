using MongoDB.Bson;
using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// The indexes the store's queries need, by collection. Each has a fixed name, so creating them again at every
/// start-up is a no-op. Unique indexes enforce what the contract promises (one list per name, one target per name,
/// one item per job and record, one key per hash); the audit sequence and the idempotency request id are the
/// documents' _id, whose index is unique already.
/// </summary>
internal static class VaultIndexes
{
    /// <summary>How long a request id is remembered: far longer than any client retries after a lost reply.</summary>

    public static IReadOnlyList<CreateIndexModel<RecordDocument>> Records { get; } =
    [
        Index<RecordDocument>("list_id_id", k => k.Ascending(d => d.ListId).Ascending(d => d.Id)),
        Index<RecordDocument>("list_id_title_lower", k => k.Ascending(d => d.ListId).Ascending(d => d.TitleLower)),
        Index<RecordDocument>("list_id_user_name_lower", k => k.Ascending(d => d.ListId).Ascending(d => d.UserNameLower)),
        Index<RecordDocument>("list_id_domain_or_host_lower",
            k => k.Ascending(d => d.ListId).Ascending(d => d.DomainOrHostLower)),
        // Only records with a rotation in flight are indexed: the reconciler's scan stays small.
        new(Builders<RecordDocument>.IndexKeys.Ascending(d => d.Pending!.LeaseExpiresAt).Ascending(d => d.Id),
            new CreateIndexOptions<RecordDocument>
            {
                Name = "pending_lease_expires_at",
                PartialFilterExpression = Builders<RecordDocument>.Filter.Exists(d => d.Pending!.LeaseExpiresAt),
            }),
        new(Builders<RecordDocument>.IndexKeys.Ascending(d => d.DeletedAt),
            new CreateIndexOptions<RecordDocument>
            {
                Name = "deleted_at",
                PartialFilterExpression = Builders<RecordDocument>.Filter.Type(d => d.DeletedAt, BsonType.DateTime),
            }),
        Index<RecordDocument>("data_key_kek_version_id", k => k.Ascending(d => d.DataKey.KekVersion).Ascending(d => d.Id)),
    ];

    public static IReadOnlyList<CreateIndexModel<ListDocument>> Lists { get; } =
    [
        Index<ListDocument>("name_lower_unique", k => k.Ascending(d => d.NameLower), unique: true),
    ];

    public static IReadOnlyList<CreateIndexModel<TargetDocument>> Targets { get; } =
    [
        // Multikey: unique across documents for every element of names_lower.
        Index<TargetDocument>("names_lower_unique", k => k.Ascending(d => d.NamesLower), unique: true),
        Index<TargetDocument>("kek_version_id",
            k => k.Ascending(d => d.PrivilegedPasswordKekVersion).Ascending(d => d.Id)),
    ];

    public static IReadOnlyList<CreateIndexModel<JobDocument>> Jobs { get; } =
    [
        Index<JobDocument>("list_id_id", k => k.Ascending(d => d.ListId).Ascending(d => d.Id)),
        Index<JobDocument>("state_lease_expires_at", k => k.Ascending(d => d.State).Ascending(d => d.LeaseExpiresAt)),
    ];

    public static IReadOnlyList<CreateIndexModel<JobItemDocument>> JobItems { get; } =
    [
        Index<JobItemDocument>("job_id_record_id_unique", k => k.Ascending(d => d.JobId).Ascending(d => d.RecordId),
            unique: true),
        Index<JobItemDocument>("job_id_status_record_id",
            k => k.Ascending(d => d.JobId).Ascending(d => d.Status).Ascending(d => d.RecordId)),
    ];

    public static IReadOnlyList<CreateIndexModel<ApiKeyDocument>> ApiKeys { get; } =
    [
        Index<ApiKeyDocument>("hash_unique", k => k.Ascending(d => d.Hash), unique: true),
    ];

    public static IReadOnlyList<CreateIndexModel<AuditEventDocument>> AuditEvents { get; } =
    [
        Index<AuditEventDocument>("list_id_sequence", k => k.Ascending(d => d.ListId).Ascending(d => d.Sequence)),
        Index<AuditEventDocument>("record_id_sequence", k => k.Ascending(d => d.RecordId).Ascending(d => d.Sequence)),
        Index<AuditEventDocument>("actor_sequence", k => k.Ascending(d => d.Actor).Ascending(d => d.Sequence)),
        Index<AuditEventDocument>("time_sequence", k => k.Ascending(d => d.Time).Ascending(d => d.Sequence)),
    ];

    public static IReadOnlyList<CreateIndexModel<IdempotencyDocument>> Idempotency { get; } =
    [
        new(Builders<IdempotencyDocument>.IndexKeys.Ascending(d => d.CreatedAt),
            new CreateIndexOptions { Name = "created_at_ttl", ExpireAfter = Storage.IdempotencyRetention.Period }),
    ];

    public static async Task CreateAllAsync(VaultCollections c, CancellationToken cancellationToken)
    {
        await c.Records.Indexes.CreateManyAsync(Records, cancellationToken);
        await c.Lists.Indexes.CreateManyAsync(Lists, cancellationToken);
        await c.Targets.Indexes.CreateManyAsync(Targets, cancellationToken);
        await c.Jobs.Indexes.CreateManyAsync(Jobs, cancellationToken);
        await c.JobItems.Indexes.CreateManyAsync(JobItems, cancellationToken);
        await c.ApiKeys.Indexes.CreateManyAsync(ApiKeys, cancellationToken);
        await c.AuditEvents.Indexes.CreateManyAsync(AuditEvents, cancellationToken);
        await c.Idempotency.Indexes.CreateManyAsync(Idempotency, cancellationToken);
    }

    private static CreateIndexModel<T> Index<T>(string name,
        Func<IndexKeysDefinitionBuilder<T>, IndexKeysDefinition<T>> keys, bool unique = false) =>
        new(keys(Builders<T>.IndexKeys), new CreateIndexOptions { Name = name, Unique = unique });
}
