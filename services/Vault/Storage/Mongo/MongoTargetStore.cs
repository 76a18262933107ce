using MongoDB.Bson;
using MongoDB.Driver;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage.Mongo.Documents;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Storage.Mongo;

internal sealed class MongoTargetStore(MongoStoreContext context) : ITargetStore
{
    private readonly VaultCollections c = context.Collections;

    public Task<Target> CreateAsync(Target target, AuditDraft audit, CancellationToken cancellationToken) =>
        context.Transactions.RunAsync(async (session, ct) =>
        {
            var now = context.Now;
            var document = TargetDocumentMapper.ToDocument(target with { Version = 1, CreatedAt = now, UpdatedAt = now });
            try
            {
                await c.Targets.InsertOneAsync(session, document, cancellationToken: ct);
            }
            catch (MongoException e) when (MongoErrors.IsDuplicateKey(e))
            {
                throw NameTaken(target.Id);
            }

            await context.Audit.AppendAsync(session, WithTarget(audit, target.Id), null, ct);
            return TargetDocumentMapper.ToModel(document);
        }, cancellationToken);

    public async Task<Target?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var document = await c.Targets.Find(TargetFilters.ById(id)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : TargetDocumentMapper.ToModel(document);
    }

    public async Task<Target?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        var document = await c.Targets.Find(TargetFilters.AnswersTo(name)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : TargetDocumentMapper.ToModel(document);
    }

    public Task<Page<Target>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var scope = KeysetPager.Scope("targets");
        var after = PageTokens.Decode(page.PageToken, scope)?["id"].AsString;
        return KeysetPager.ReadAsync(c.Targets, TargetFilters.After(after), TargetFilters.ById(), page, scope,
            d => new BsonDocument("id", d.Id), TargetDocumentMapper.ToModel, cancellationToken);
    }

    public Task<Target> UpdateAsync(Target target, long expectedVersion, AuditDraft audit,
        CancellationToken cancellationToken) =>
        context.Transactions.RunAsync(async (session, ct) =>
        {
            TargetDocument? document;
            try
            {
                document = await c.Targets.FindOneAndUpdateAsync(session, TargetFilters.AtVersion(target.Id, expectedVersion),
                    TargetFilters.Replace(TargetDocumentMapper.ToDocument(target), context.Now),
                    new FindOneAndUpdateOptions<TargetDocument> { ReturnDocument = ReturnDocument.After }, ct);
            }
            catch (MongoException e) when (MongoErrors.IsDuplicateKey(e))
            {
                throw NameTaken(target.Id);
            }

            if (document is null)
            {
                throw await RefusalAsync(session, target.Id, ct);
            }

            await context.Audit.AppendAsync(session, WithTarget(audit, target.Id), null, ct);
            return TargetDocumentMapper.ToModel(document);
        }, cancellationToken);

    public Task DeleteAsync(string id, long expectedVersion, AuditDraft audit, CancellationToken cancellationToken) =>
        context.Transactions.RunAsync(async (session, ct) =>
        {
            var deleted = await c.Targets.DeleteOneAsync(session, TargetFilters.AtVersion(id, expectedVersion), null, ct);
            if (deleted.DeletedCount != 1)
            {
                throw await RefusalAsync(session, id, ct);
            }

            await context.Audit.AppendAsync(session, WithTarget(audit, id), null, ct);
            return true;
        }, cancellationToken);

    private async Task<StoreException> RefusalAsync(IClientSessionHandle session, string id, CancellationToken ct) =>
        await c.Targets.Find(session, TargetFilters.ById(id)).AnyAsync(ct)
            ? new StoreException(StoreError.VersionConflict,
                $"Target '{id}' was changed by someone else; read it again and retry.")
            : new StoreException(StoreError.NotFound, $"Target '{id}' does not exist.");

    private static StoreException NameTaken(string id) =>
        new(StoreError.AlreadyExists,
            $"Target '{id}' already exists, or one of its names is already used by another target.");

    private static AuditDraft WithTarget(AuditDraft audit, string targetId) =>
        audit.TargetId.Length == 0 ? audit with { TargetId = targetId } : audit;
}
