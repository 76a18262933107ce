using Microsoft.Data.Sqlite;
using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Sqlite;

internal sealed class SqliteApiKeyStore(SqliteDatabase database) : IApiKeyStore
{
    private const string Columns =
        "id, name, prefix, hash, permissions, list_ids_json, created_by, created_at, expires_at, revoked_at, last_used_at";

    public Task<ApiKey> CreateAsync(ApiKey key, AuditDraft audit, CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var created = key with
            {
                CreatedAt = s.Now,
                ExpiresAt = key.ExpiresAt is { } e ? SqliteValues.Truncate(e) : null,
                RevokedAt = null,
                LastUsedAt = null,
            };
            await SqliteConstraints.UniqueAsync(() => s.ExecuteAsync(
                $"""
                INSERT INTO api_keys ({Columns})
                VALUES (@id, @name, @prefix, @hash, @permissions, @lists, @created_by, @created, @expires, NULL, NULL)
                """, cancellationToken,
                ("@id", created.Id), ("@name", created.Name), ("@prefix", created.Prefix), ("@hash", created.Hash),
                ("@permissions", (long)created.Permissions), ("@lists", SqliteJson.Write(created.ListIds)),
                ("@created_by", created.CreatedBy), ("@created", SqliteValues.ToDb(created.CreatedAt)),
                ("@expires", SqliteValues.ToDb(created.ExpiresAt))),
                $"API key '{key.Id}' (or one with the same hash) already exists.");
            await s.AppendAuditAsync(audit, null, cancellationToken);
            return created;
        }, cancellationToken);

    public Task<ApiKey?> GetAsync(string id, CancellationToken cancellationToken) =>
        database.ReadAsync(s => GetAsync(s, id, cancellationToken), cancellationToken);

    public Task<ApiKey?> FindByHashAsync(byte[] hash, CancellationToken cancellationToken) =>
        database.ReadAsync(s => s.QuerySingleAsync($"SELECT {Columns} FROM api_keys WHERE hash = @hash", Map,
            cancellationToken, ("@hash", hash)), cancellationToken);

    public Task<Page<ApiKey>> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        database.ReadAsync(async s =>
        {
            var fingerprint = PageTokens.Fingerprint("api-keys");
            var after = PageTokens.Decode(page.PageToken, fingerprint, 1);
            var filter = new SqlFilter().WhereIf(after?[0], "id > @after", "@after");
            var rows = await s.QueryAsync($"SELECT {Columns} FROM api_keys {filter.Sql} ORDER BY id LIMIT @limit",
                Map, cancellationToken, filter.Parameters(("@limit", page.EffectiveSize + 1)));
            return PageTokens.ToPage(rows, page.EffectiveSize, fingerprint, k => [k.Id]);
        }, cancellationToken);

    public Task<ApiKey> RevokeAsync(string id, DateTimeOffset revokedAt, AuditDraft audit,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var stored = await GetAsync(s, id, cancellationToken) ?? throw StoreErrors.NotFound("API key", id);
            if (stored.RevokedAt is not null)
            {
                return stored;
            }

            await s.ExecuteAsync("UPDATE api_keys SET revoked_at = @at WHERE id = @id", cancellationToken,
                ("@at", SqliteValues.ToDb(revokedAt)), ("@id", id));
            await s.AppendAuditAsync(audit, null, cancellationToken);
            return stored with { RevokedAt = SqliteValues.Truncate(revokedAt) };
        }, cancellationToken);

    public Task TouchAsync(string id, DateTimeOffset usedAt, CancellationToken cancellationToken) =>
        database.WriteAsync(s => s.ExecuteAsync("UPDATE api_keys SET last_used_at = @at WHERE id = @id",
            cancellationToken, ("@at", SqliteValues.ToDb(usedAt)), ("@id", id)), cancellationToken);

    private static Task<ApiKey?> GetAsync(SqlSession s, string id, CancellationToken cancellationToken) =>
        s.QuerySingleAsync($"SELECT {Columns} FROM api_keys WHERE id = @id", Map, cancellationToken, ("@id", id));

    private static ApiKey Map(SqliteDataReader r) => new()
    {
        Id = r.Text("id"),
        Name = r.Text("name"),
        Prefix = r.Text("prefix"),
        Hash = r.Blob("hash"),
        Permissions = (ApiPermissions)r.Long("permissions"),
        ListIds = SqliteJson.Read<List<string>>(r.Text("list_ids_json")),
        CreatedBy = r.Text("created_by"),
        CreatedAt = r.Time("created_at"),
        ExpiresAt = r.NullableTime("expires_at"),
        RevokedAt = r.NullableTime("revoked_at"),
        LastUsedAt = r.NullableTime("last_used_at"),
    };
}
