using Microsoft.Data.Sqlite;
using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Sqlite;

internal sealed class SqliteTargetStore(SqliteDatabase database) : ITargetStore
{
    private const string Columns =
        """
        id, kind, names_json, endpoints_json, ca_certificate_pem, accept_any_certificate, allow_plaintext,
        use_start_tls, base_dn, privileged_account, privileged_password, privileged_password_kek_version,
        ssh_host_key_fingerprint, version, created_at, updated_at
        """;

    public Task<Target> CreateAsync(Target target, AuditDraft audit, CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var created = target with { Version = 1, CreatedAt = s.Now, UpdatedAt = s.Now };
            await SqliteConstraints.UniqueAsync(() => s.ExecuteAsync(
                $"""
                INSERT INTO targets ({Columns})
                VALUES (@id, @kind, @names, @endpoints, @ca, @accept_any, @plaintext, @start_tls, @base_dn,
                    @account, @secret, @kek, @fingerprint, @version, @created, @updated)
                """, cancellationToken, Parameters(created)), $"Target '{target.Id}' already exists.");
            await InsertNamesAsync(s, created, cancellationToken);
            await s.AppendAuditAsync(audit.ForTarget(target.Id), null, cancellationToken);
            return created;
        }, cancellationToken);

    public Task<Target?> GetAsync(string id, CancellationToken cancellationToken) =>
        database.ReadAsync(s => GetAsync(s, id, cancellationToken), cancellationToken);

    public Task<Target?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        database.ReadAsync(s => s.QuerySingleAsync(
            $"""
            SELECT {Columns} FROM targets
            WHERE id = (SELECT target_id FROM target_names WHERE name_fold = @name)
            """, Map, cancellationToken, ("@name", SqliteValues.Fold(name))), cancellationToken);

    public Task<Page<Target>> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        database.ReadAsync(async s =>
        {
            var fingerprint = PageTokens.Fingerprint("targets");
            var after = PageTokens.Decode(page.PageToken, fingerprint, 1);
            var filter = new SqlFilter().WhereIf(after?[0], "id > @after", "@after");
            var rows = await s.QueryAsync($"SELECT {Columns} FROM targets {filter.Sql} ORDER BY id LIMIT @limit",
                Map, cancellationToken, filter.Parameters(("@limit", page.EffectiveSize + 1)));
            return PageTokens.ToPage(rows, page.EffectiveSize, fingerprint, t => [t.Id]);
        }, cancellationToken);

    public Task<Target> UpdateAsync(Target target, long expectedVersion, AuditDraft audit,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var stored = await GetAsync(s, target.Id, cancellationToken) ?? throw StoreErrors.NotFound("Target", target.Id);
            StoreErrors.CheckVersion("Target", target.Id, expectedVersion, stored.Version);
            var updated = target with { Version = stored.Version + 1, CreatedAt = stored.CreatedAt, UpdatedAt = s.Now };
            await s.ExecuteAsync(
                """
                UPDATE targets SET kind = @kind, names_json = @names, endpoints_json = @endpoints,
                    ca_certificate_pem = @ca, accept_any_certificate = @accept_any, allow_plaintext = @plaintext,
                    use_start_tls = @start_tls, base_dn = @base_dn, privileged_account = @account,
                    privileged_password = @secret, privileged_password_kek_version = @kek,
                    ssh_host_key_fingerprint = @fingerprint, version = @version, updated_at = @updated
                WHERE id = @id
                """, cancellationToken, Parameters(updated));
            await s.ExecuteAsync("DELETE FROM target_names WHERE target_id = @id", cancellationToken, ("@id", target.Id));
            await InsertNamesAsync(s, updated, cancellationToken);
            await s.AppendAuditAsync(audit.ForTarget(target.Id), null, cancellationToken);
            return updated;
        }, cancellationToken);

    public Task DeleteAsync(string id, long expectedVersion, AuditDraft audit, CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var stored = await GetAsync(s, id, cancellationToken) ?? throw StoreErrors.NotFound("Target", id);
            StoreErrors.CheckVersion("Target", id, expectedVersion, stored.Version);
            await s.ExecuteAsync("DELETE FROM targets WHERE id = @id", cancellationToken, ("@id", id));
            await s.AppendAuditAsync(audit.ForTarget(id), null, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>One row per distinct name; the table's primary key refuses a name another target answers to.</summary>
    private static async Task InsertNamesAsync(WriteSession s, Target target, CancellationToken cancellationToken)
    {
        foreach (var name in target.Names.Select(SqliteValues.Fold).Distinct(StringComparer.Ordinal))
        {
            await SqliteConstraints.UniqueAsync(() => s.ExecuteAsync(
                    "INSERT INTO target_names (name_fold, target_id) VALUES (@name, @id)", cancellationToken,
                    ("@name", name), ("@id", target.Id)),
                $"Another target already answers to a name of target '{target.Id}'.");
        }
    }

    private static Task<Target?> GetAsync(SqlSession s, string id, CancellationToken cancellationToken) =>
        s.QuerySingleAsync($"SELECT {Columns} FROM targets WHERE id = @id", Map, cancellationToken, ("@id", id));

    private static (string, object?)[] Parameters(Target t) =>
    [
        ("@id", t.Id), ("@kind", (long)t.Kind), ("@names", SqliteJson.Write(t.Names)),
        ("@endpoints", SqliteJson.Write(t.Endpoints)), ("@ca", t.CaCertificatePem),
        ("@accept_any", t.AcceptAnyCertificate), ("@plaintext", t.AllowPlaintext), ("@start_tls", t.UseStartTls),
        ("@base_dn", t.BaseDn), ("@account", t.PrivilegedAccount), ("@secret", t.SealedPrivilegedPassword),
        ("@kek", t.PrivilegedPasswordKekVersion), ("@fingerprint", t.SshHostKeyFingerprint), ("@version", t.Version),
        ("@created", SqliteValues.ToDb(t.CreatedAt)), ("@updated", SqliteValues.ToDb(t.UpdatedAt)),
    ];

    private static Target Map(SqliteDataReader r) => new()
    {
        Id = r.Text("id"),
        Kind = (TargetKind)r.Long("kind"),
        Names = SqliteJson.Read<List<string>>(r.Text("names_json")),
        Endpoints = SqliteJson.Read<List<string>>(r.Text("endpoints_json")),
        CaCertificatePem = r.Text("ca_certificate_pem"),
        AcceptAnyCertificate = r.Bool("accept_any_certificate"),
        AllowPlaintext = r.Bool("allow_plaintext"),
        UseStartTls = r.Bool("use_start_tls"),
        BaseDn = r.Text("base_dn"),
        PrivilegedAccount = r.Text("privileged_account"),
        SealedPrivilegedPassword = r.Blob("privileged_password"),
        PrivilegedPasswordKekVersion = r.Int("privileged_password_kek_version"),
        SshHostKeyFingerprint = r.Text("ssh_host_key_fingerprint"),
        Version = r.Long("version"),
        CreatedAt = r.Time("created_at"),
        UpdatedAt = r.Time("updated_at"),
    };
}
