using MongoDB.Bson;
using MongoDB.Driver;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage.Mongo.Documents;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Storage.Mongo;

internal sealed partial class MongoRecordStore(MongoStoreContext context) : IRecordStore
{
    private static readonly FindOneAndUpdateOptions<RecordDocument> ReturnAfter =
        new() { ReturnDocument = ReturnDocument.After };

    private readonly VaultCollections c = context.Collections;

    public Task<PasswordRecord> CreateAsync(PasswordRecord record, AuditDraft audit,
        CancellationToken cancellationToken) =>
        context.Transactions.RunAsync(async (session, ct) =>
        {
            var counted = await c.Lists.UpdateOneAsync(session, ListFilters.ById(record.ListId),
                ListFilters.CountRecords(1), cancellationToken: ct);
            if (counted.MatchedCount != 1)
            {
                throw new StoreException(StoreError.NotFound, $"Password list '{record.ListId}' does not exist.");
            }

            var now = context.Now;
            var document = RecordDocumentMapper.ToDocument(record with
            {
                Version = 1,
                Pending = null,
                DeletedAt = null,
                CreatedAt = now,
                UpdatedAt = now,
            });
            try
            {
                await c.Records.InsertOneAsync(session, document, cancellationToken: ct);
            }
            catch (MongoException e) when (MongoErrors.IsDuplicateKey(e))
            {
                throw new StoreException(StoreError.AlreadyExists, $"Record '{record.Id}' already exists.");
            }

            await context.Audit.AppendAsync(session, For(audit, document), null, ct);
            return RecordDocumentMapper.ToModel(document);
        }, cancellationToken);

    public async Task<PasswordRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var document = await c.Records.Find(RecordFilters.ById(id)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : RecordDocumentMapper.ToModel(document);
    }

    public Task<Page<PasswordRecord>> SearchAsync(RecordQuery query, PageRequest page,
        CancellationToken cancellationToken)
    {
        var scope = KeysetPager.Scope("records", query.ListId, query.Title, query.UserName, query.DomainOrHost,
            query.IncludeDeleted.ToString(), query.OnlyDeleted.ToString());
        var filter = RecordFilters.Search(query);
        if (PageTokens.Decode(page.PageToken, scope) is { } after)
        {
            filter &= RecordFilters.IdAfter(after["id"].AsString);
        }

        return KeysetPager.ReadAsync(c.Records, filter, RecordFilters.ById(), page, scope,
            d => new BsonDocument("id", d.Id), RecordDocumentMapper.ToModel, cancellationToken);
    }

    public Task<PasswordRecord> UpdateFieldsAsync(PasswordRecord record, long expectedVersion, AuditDraft audit,
        CancellationToken cancellationToken) =>
        UpdateAsync(record.Id, RecordFilters.LiveAtVersion(record.Id, expectedVersion),
            RecordUpdates.Fields(RecordDocumentMapper.ToDocument(record), context.Now), audit,
            current => RecordRefusals.ForEdit(current, record.Id, expectedVersion, refusesPending: false),
            cancellationToken);

    public Task<PasswordRecord> SetPasswordAsync(string recordId, long expectedVersion, byte[] sealedPassword,
        PasswordHistoryEntry? previous, DateTimeOffset changedAt, AuditDraft audit,
        CancellationToken cancellationToken) =>
        UpdateAsync(recordId, RecordFilters.LiveAtVersionWithoutPending(recordId, expectedVersion),
            RecordUpdates.SetPassword(sealedPassword, previous, changedAt, context.Now), audit,
            current => RecordRefusals.ForEdit(current, recordId, expectedVersion, refusesPending: true),
            cancellationToken);

    public Task<PasswordRecord> DeleteAsync(string recordId, long expectedVersion, DateTimeOffset deletedAt,
        AuditDraft audit, CancellationToken cancellationToken) =>
        UpdateAsync(recordId, RecordFilters.LiveAtVersionWithoutPending(recordId, expectedVersion),
            RecordUpdates.Delete(deletedAt, context.Now), audit,
            current => RecordRefusals.ForEdit(current, recordId, expectedVersion, refusesPending: true),
            cancellationToken);

    public Task<PasswordRecord> RestoreAsync(string recordId, long expectedVersion, DateTimeOffset restorableSince,
        AuditDraft audit, CancellationToken cancellationToken) =>
        UpdateAsync(recordId, RecordFilters.Restorable(recordId, expectedVersion, restorableSince),
            RecordUpdates.Restore(context.Now), audit,
            current => RecordRefusals.ForRestore(current, recordId, expectedVersion, restorableSince),
            cancellationToken);

    public async Task<int> PurgeDeletedAsync(DateTimeOffset deletedBefore, string actor,
        CancellationToken cancellationToken)
    {
        var candidates = await c.Records.Find(RecordFilters.DeletedBefore(deletedBefore))
            .Project(Projections.Purge).ToListAsync(cancellationToken);
        var purged = 0;
        foreach (var candidate in candidates)
        {
            // One transaction per record: each removal and its audit event commit together, and a record restored
            // meanwhile no longer matches and is kept.
            var removed = await context.Transactions.RunAsync(async (session, ct) =>
            {
                var deleted = await c.Records.DeleteOneAsync(session,
                    RecordFilters.DeletedBefore(candidate.Id, deletedBefore), null, ct);
                if (deleted.DeletedCount != 1)
                {
                    return false;
                }

                await c.Lists.UpdateOneAsync(session, ListFilters.ById(candidate.ListId), ListFilters.CountRecords(-1),
                    cancellationToken: ct);
                var draft = new AuditDraft
                {
                    Action = AuditAction.RecordPurged,
                    Actor = actor,
                    ListId = candidate.ListId,
                    RecordId = candidate.Id,
                    Detail = "Deleted record purged after the restore period.",
                };
                await context.Audit.AppendAsync(session, draft, null, ct);
                return true;
            }, cancellationToken);
            purged += removed ? 1 : 0;
        }

        return purged;
    }

    public async Task<Page<PasswordHistoryEntry>> GetHistoryAsync(string recordId, PageRequest page,
        CancellationToken cancellationToken)
    {
        var scope = KeysetPager.Scope("history", recordId);
        var afterId = PageTokens.Decode(page.PageToken, scope)?["id"].AsString;
        var newestFirst = await NewestFirstAsync(recordId, cancellationToken);
        var start = 0;
        if (afterId is not null)
        {
            var index = newestFirst.FindIndex(h => h.Id == afterId);
            // An entry that fell off the bounded history was older than all that remain: nothing follows it.
            start = index < 0 ? newestFirst.Count : index + 1;
        }

        var size = page.EffectiveSize;
        var items = newestFirst.Skip(start).Take(size).ToList();
        var next = start + size < newestFirst.Count
            ? PageTokens.Encode(scope, new BsonDocument("id", items[^1].Id))
            : "";
        return new Page<PasswordHistoryEntry>([.. items.Select(h => RecordDocumentMapper.ToModel(recordId, h))], next);
    }

    public async Task<IReadOnlyList<PasswordHistoryEntry>> GetRecentHistoryAsync(string recordId, int count,
        CancellationToken cancellationToken)
    {
        var newestFirst = await NewestFirstAsync(recordId, cancellationToken);
        return [.. newestFirst.Take(Math.Max(count, 0)).Select(h => RecordDocumentMapper.ToModel(recordId, h))];
    }

    public Task<PasswordRecord> RecordSyncStateAsync(string recordId, SyncState state, string reason,
        string? directoryPasswordLastSet, DateTimeOffset verifiedAt, AuditDraft audit,
        CancellationToken cancellationToken) =>
        // A soft-deleted record refuses every change but restore (NotFound), sync state included.
        UpdateAsync(recordId, RecordFilters.Live(recordId),
            RecordUpdates.SyncState(state, reason, directoryPasswordLastSet, verifiedAt, context.Now), audit,
            _ => RecordRefusals.NotFound(recordId), cancellationToken);

    /// <summary>One guarded update and its audit event in one transaction; the refusal is decided on a miss.</summary>
    private Task<PasswordRecord> UpdateAsync(string recordId, FilterDefinition<RecordDocument> guard,
        UpdateDefinition<RecordDocument> update, AuditDraft audit, Func<RecordDocument?, StoreException> refusal,
        CancellationToken cancellationToken) =>
        context.Transactions.RunAsync(async (session, ct) =>
        {
            var document = await c.Records.FindOneAndUpdateAsync(session, guard, update, ReturnAfter, ct)
                ?? throw refusal(await LoadAsync(session, recordId, ct));
            await context.Audit.AppendAsync(session, For(audit, document), null, ct);
            return RecordDocumentMapper.ToModel(document);
        }, cancellationToken);

    private Task<RecordDocument?> LoadAsync(IClientSessionHandle session, string id, CancellationToken ct) =>
        c.Records.Find(session, RecordFilters.ById(id)).FirstOrDefaultAsync(ct)!;

    private async Task<List<HistoryDocument>> NewestFirstAsync(string recordId, CancellationToken cancellationToken)
    {
        // A record that does not exist (or was purged) has no history: an empty list, like the other stores.
        var history = await c.Records.Find(RecordFilters.ById(recordId)).Project(Projections.History)
            .FirstOrDefaultAsync(cancellationToken) ?? [];
        history.Reverse();
        return history;
    }

    /// <summary>The audit event names the record and its list even when the caller left them out.</summary>
    internal static AuditDraft For(AuditDraft audit, RecordDocument record) => audit with
    {
        ListId = audit.ListId.Length == 0 ? record.ListId : audit.ListId,
        RecordId = audit.RecordId.Length == 0 ? record.Id : audit.RecordId,
    };
}
