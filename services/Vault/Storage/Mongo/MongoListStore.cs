using MongoDB.Bson;
using MongoDB.Driver;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage.Mongo.Documents;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Storage.Mongo;

internal sealed class MongoListStore(MongoStoreContext context) : IListStore
{
    private readonly VaultCollections c = context.Collections;

    public Task<PasswordList> CreateAsync(PasswordList list, AuditDraft audit, CancellationToken cancellationToken) =>
        context.Transactions.RunAsync(async (session, ct) =>
        {
            var now = context.Now;
            var document = ListDocumentMapper.ToDocument(list with { Version = 1, CreatedAt = now, UpdatedAt = now });
            try
            {
                await c.Lists.InsertOneAsync(session, document, cancellationToken: ct);
            }
            catch (MongoException e) when (MongoErrors.IsDuplicateKey(e))
            {
                throw new StoreException(StoreError.AlreadyExists,
                    $"A password list with id '{list.Id}' or the same name already exists.");
            }

            await context.Audit.AppendAsync(session, WithList(audit, list.Id), null, ct);
            return ListDocumentMapper.ToModel(document);
        }, cancellationToken);

    public async Task<PasswordList?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var document = await c.Lists.Find(ListFilters.ById(id)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : ListDocumentMapper.ToModel(document);
    }

    public Task<Page<PasswordList>> ListAsync(PageRequest page, IReadOnlyCollection<string>? listIds,
        CancellationToken cancellationToken)
    {
        var scope = KeysetPager.Scope("lists",
            listIds is null ? null : string.Join(",", listIds.Order(StringComparer.Ordinal)));
        var after = PageTokens.Decode(page.PageToken, scope)?["id"].AsString;
        return KeysetPager.ReadAsync(c.Lists, ListFilters.Page(listIds, after), ListFilters.ById(), page, scope,
            d => new BsonDocument("id", d.Id), ListDocumentMapper.ToModel, cancellationToken);
    }

    public Task<PasswordList> UpdateAsync(PasswordList list, long expectedVersion, AuditDraft audit,
        CancellationToken cancellationToken) =>
        context.Transactions.RunAsync(async (session, ct) =>
        {
            PasswordList updated;
            try
            {
                var document = await c.Lists.FindOneAndUpdateAsync(session,
                    ListFilters.AtVersion(list.Id, expectedVersion),
                    ListFilters.Replace(ListDocumentMapper.ToDocument(list), context.Now),
                    new FindOneAndUpdateOptions<ListDocument> { ReturnDocument = ReturnDocument.After }, ct);
                updated = document is null
                    ? throw await RefusalAsync(session, list.Id, ct)
                    : ListDocumentMapper.ToModel(document);
            }
            catch (MongoException e) when (MongoErrors.IsDuplicateKey(e))
            {
                throw new StoreException(StoreError.AlreadyExists, "Another password list already has this name.");
            }

            await context.Audit.AppendAsync(session, WithList(audit, list.Id), null, ct);
            return updated;
        }, cancellationToken);

    public Task DeleteAsync(string id, long expectedVersion, AuditDraft audit, CancellationToken cancellationToken) =>
        context.Transactions.RunAsync(async (session, ct) =>
        {
            // Creating a record writes its list document (record_count), so a record created concurrently makes one
            // of the two transactions conflict and run again: this count is then exact.
            if (await c.Records.CountDocumentsAsync(session, RecordFilters.InList(id), null, ct) > 0)
            {
                throw new StoreException(StoreError.InvalidState,
                    $"Password list '{id}' still holds records (deleted ones included); purge them first.");
            }

            var deleted = await c.Lists.DeleteOneAsync(session, ListFilters.AtVersion(id, expectedVersion), null, ct);
            if (deleted.DeletedCount != 1)
            {
                throw await RefusalAsync(session, id, ct);
            }

            await context.Audit.AppendAsync(session, WithList(audit, id), null, ct);
            return true;
        }, cancellationToken);

    private async Task<StoreException> RefusalAsync(IClientSessionHandle session, string id, CancellationToken ct) =>
        await c.Lists.Find(session, ListFilters.ById(id)).AnyAsync(ct)
            ? new StoreException(StoreError.VersionConflict,
                $"Password list '{id}' was changed by someone else; read it again and retry.")
            : new StoreException(StoreError.NotFound, $"Password list '{id}' does not exist.");

    private static AuditDraft WithList(AuditDraft audit, string listId) =>
        audit.ListId.Length == 0 ? audit with { ListId = listId } : audit;
}
