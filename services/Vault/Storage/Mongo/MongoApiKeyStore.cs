using MongoDB.Bson;
using MongoDB.Driver;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage.Mongo.Documents;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Storage.Mongo;

internal sealed class MongoApiKeyStore(MongoStoreContext context) : IApiKeyStore
{
    private readonly VaultCollections c = context.Collections;

    public Task<ApiKey> CreateAsync(ApiKey key, AuditDraft audit, CancellationToken cancellationToken) =>
        context.Transactions.RunAsync(async (session, ct) =>
        {
            var document = ApiKeyDocumentMapper.ToDocument(key with { CreatedAt = context.Now });
            try
            {
                await c.ApiKeys.InsertOneAsync(session, document, cancellationToken: ct);
            }
            catch (MongoException e) when (MongoErrors.IsDuplicateKey(e))
            {
                throw new StoreException(StoreError.AlreadyExists, $"API key '{key.Id}' (or one with the same hash) already exists.");
            }

            await context.Audit.AppendAsync(session, audit, null, ct);
            return ApiKeyDocumentMapper.ToModel(document);
        }, cancellationToken);

    public async Task<ApiKey?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var document = await c.ApiKeys.Find(ApiKeyFilters.ById(id)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : ApiKeyDocumentMapper.ToModel(document);
    }

    public async Task<ApiKey?> FindByHashAsync(byte[] hash, CancellationToken cancellationToken)
    {
        var document = await c.ApiKeys.Find(ApiKeyFilters.ByHash(hash)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : ApiKeyDocumentMapper.ToModel(document);
    }

    public Task<Page<ApiKey>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var scope = KeysetPager.Scope("api_keys");
        var after = PageTokens.Decode(page.PageToken, scope)?["id"].AsString;
        return KeysetPager.ReadAsync(c.ApiKeys, ApiKeyFilters.After(after), ApiKeyFilters.ById(), page, scope,
            d => new BsonDocument("id", d.Id), ApiKeyDocumentMapper.ToModel, cancellationToken);
    }

    public Task<ApiKey> RevokeAsync(string id, DateTimeOffset revokedAt, AuditDraft audit,
        CancellationToken cancellationToken) =>
        context.Transactions.RunAsync(async (session, ct) =>
        {
            var revoked = await c.ApiKeys.FindOneAndUpdateAsync(session, ApiKeyFilters.NotRevoked(id),
                ApiKeyFilters.Revoke(revokedAt),
                new FindOneAndUpdateOptions<ApiKeyDocument> { ReturnDocument = ReturnDocument.After }, ct);
            if (revoked is not null)
            {
                await context.Audit.AppendAsync(session, audit, null, ct);
                return ApiKeyDocumentMapper.ToModel(revoked);
            }

            // Already revoked: it stays revoked at its first time, and nothing new happened to audit.
            var current = await c.ApiKeys.Find(session, ApiKeyFilters.ById(id)).FirstOrDefaultAsync(ct)
                ?? throw new StoreException(StoreError.NotFound, $"API key '{id}' does not exist.");
            return ApiKeyDocumentMapper.ToModel(current);
        }, cancellationToken);

    public Task TouchAsync(string id, DateTimeOffset usedAt, CancellationToken cancellationToken) =>
        c.ApiKeys.UpdateOneAsync(ApiKeyFilters.ById(id), ApiKeyFilters.Touch(usedAt), cancellationToken: cancellationToken);
}
