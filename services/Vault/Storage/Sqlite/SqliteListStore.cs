using Microsoft.Data.Sqlite;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Passwords;

namespace PasswordSync.Vault.Storage.Sqlite;

internal sealed class SqliteListStore(SqliteDatabase database) : IListStore
{
    private const string Columns =
        "id, name, description, fields_json, policy_json, prevent_reuse_count, version, created_at, updated_at";

    public Task<PasswordList> CreateAsync(PasswordList list, AuditDraft audit, CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var created = list with { Version = 1, CreatedAt = s.Now, UpdatedAt = s.Now };
            await SqliteConstraints.UniqueAsync(() => s.ExecuteAsync(
                $"""
                INSERT INTO lists ({Columns}, name_fold)
                VALUES (@id, @name, @description, @fields, @policy, @reuse, @version, @created, @updated, @fold)
                """, cancellationToken, Parameters(created)),
                $"A list with id '{list.Id}' or the same name already exists.");
            await s.AppendAuditAsync(audit.ForList(list.Id), null, cancellationToken);
            return created;
        }, cancellationToken);

    public Task<PasswordList?> GetAsync(string id, CancellationToken cancellationToken) =>
        database.ReadAsync(s => GetAsync(s, id, cancellationToken), cancellationToken);

    public Task<Page<PasswordList>> ListAsync(PageRequest page, IReadOnlyCollection<string>? listIds,
        CancellationToken cancellationToken) =>
        database.ReadAsync(async s =>
        {
            var idsJson = listIds is null ? null : SqliteJson.Write(listIds);
            var fingerprint = PageTokens.Fingerprint("lists", idsJson);
            var after = PageTokens.Decode(page.PageToken, fingerprint, 1);
            var filter = new SqlFilter()
                .WhereIf(idsJson, "id IN (SELECT value FROM json_each(@ids))", "@ids")
                .WhereIf(after?[0], "id > @after", "@after");
            var rows = await s.QueryAsync($"SELECT {Columns} FROM lists {filter.Sql} ORDER BY id LIMIT @limit", Map,
                cancellationToken, filter.Parameters(("@limit", page.EffectiveSize + 1)));
            return PageTokens.ToPage(rows, page.EffectiveSize, fingerprint, l => [l.Id]);
        }, cancellationToken);

    public Task<PasswordList> UpdateAsync(PasswordList list, long expectedVersion, AuditDraft audit,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var stored = await GetAsync(s, list.Id, cancellationToken) ?? throw StoreErrors.NotFound("List", list.Id);
            StoreErrors.CheckVersion("List", list.Id, expectedVersion, stored.Version);
            var updated = list with { Version = stored.Version + 1, CreatedAt = stored.CreatedAt, UpdatedAt = s.Now };
            await SqliteConstraints.UniqueAsync(() => s.ExecuteAsync(
                """
                UPDATE lists SET name = @name, name_fold = @fold, description = @description, fields_json = @fields,
                    policy_json = @policy, prevent_reuse_count = @reuse, version = @version, updated_at = @updated
                WHERE id = @id
                """, cancellationToken, Parameters(updated)),
                $"Another list is already named like list '{list.Id}'.");
            await s.AppendAuditAsync(audit.ForList(list.Id), null, cancellationToken);
            return updated;
        }, cancellationToken);

    public Task DeleteAsync(string id, long expectedVersion, AuditDraft audit, CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var stored = await GetAsync(s, id, cancellationToken) ?? throw StoreErrors.NotFound("List", id);
            StoreErrors.CheckVersion("List", id, expectedVersion, stored.Version);
            var records = (long)(await s.ScalarAsync("SELECT COUNT(*) FROM records WHERE list_id = @id",
                cancellationToken, ("@id", id)))!;
            if (records > 0)
            {
                throw new StoreException(StoreError.InvalidState,
                    $"List '{id}' still holds {records} records (deleted ones included); purge or move them first.");
            }

            await s.ExecuteAsync("DELETE FROM lists WHERE id = @id", cancellationToken, ("@id", id));
            await s.AppendAuditAsync(audit.ForList(id), null, cancellationToken);
            return true;
        }, cancellationToken);

    private static Task<PasswordList?> GetAsync(SqlSession s, string id, CancellationToken cancellationToken) =>
        s.QuerySingleAsync($"SELECT {Columns} FROM lists WHERE id = @id", Map, cancellationToken, ("@id", id));

    private static (string, object?)[] Parameters(PasswordList l) =>
    [
        ("@id", l.Id), ("@name", l.Name), ("@fold", SqliteValues.Fold(l.Name)), ("@description", l.Description),
        ("@fields", SqliteJson.Write(l.Fields)), ("@policy", SqliteJson.Write(l.Policy)),
        ("@reuse", l.PreventReuseCount), ("@version", l.Version), ("@created", SqliteValues.ToDb(l.CreatedAt)),
        ("@updated", SqliteValues.ToDb(l.UpdatedAt)),
    ];

    private static PasswordList Map(SqliteDataReader r) => new()
    {
        Id = r.Text("id"),
        Name = r.Text("name"),
        Description = r.Text("description"),
        Fields = SqliteJson.Read<FieldConfiguration>(r.Text("fields_json")),
        Policy = SqliteJson.Read<PasswordPolicy>(r.Text("policy_json")),
        PreventReuseCount = r.Int("prevent_reuse_count"),
        Version = r.Long("version"),
        CreatedAt = r.Time("created_at"),
        UpdatedAt = r.Time("updated_at"),
    };
}
