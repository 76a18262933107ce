using System.Text.Json;
using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Sqlite;

internal sealed partial class SqliteRecordStore(SqliteDatabase database) : IRecordStore
{
    public Task<PasswordRecord> CreateAsync(PasswordRecord record, AuditDraft audit,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            if (await s.ScalarAsync("SELECT 1 FROM lists WHERE id = @id", cancellationToken, ("@id", record.ListId)) is null)
            {
                throw StoreErrors.NotFound("List", record.ListId);
            }

            var created = RecordRows.Normalised(record with
            {
                Pending = null,
                DeletedAt = null,
                Version = 1,
                CreatedAt = s.Now,
                UpdatedAt = s.Now,
            });
            await SqliteConstraints.UniqueAsync(() => RecordRows.WriteAsync(s, created, insert: true, cancellationToken),
                $"Record '{record.Id}' already exists.");
            await s.AppendAuditAsync(audit.ForRecord(record.ListId, record.Id), null, cancellationToken);
            return created;
        }, cancellationToken);

    public Task<PasswordRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        database.ReadAsync(s => RecordRows.GetAsync(s, id, cancellationToken), cancellationToken);

    // One statement for the lot: the ids travel as one JSON array parameter, so the statement text (and its compiled
    // form, kept by the connection) is the same whatever the number of ids.
    public async Task<IReadOnlyList<PasswordRecord>> GetManyAsync(IReadOnlyList<string> ids,
        CancellationToken cancellationToken) =>
        ids.Count == 0
            ? []
            : await database.ReadAsync(s => s.QueryAsync(
                $"SELECT {RecordRows.Columns} FROM records WHERE id IN (SELECT value FROM json_each(@ids))",
                RecordRows.Map, cancellationToken, ("@ids", JsonSerializer.Serialize(ids))), cancellationToken);

    public Task<Page<PasswordRecord>> SearchAsync(RecordQuery query, PageRequest page,
        CancellationToken cancellationToken) =>
        database.ReadAsync(async s =>
        {
            var fingerprint = PageTokens.Fingerprint("records", query.ListId, query.Title, query.UserName,
                query.DomainOrHost, query.IncludeDeleted.ToString(), query.OnlyDeleted.ToString());
            var after = PageTokens.Decode(page.PageToken, fingerprint, 1);
            var filter = new SqlFilter().Where("list_id = @list", ("@list", query.ListId))
                .WhereIf(Pattern(query.Title), "title_fold LIKE @title ESCAPE '\\'", "@title")
                .WhereIf(Pattern(query.UserName), "user_name_fold LIKE @user ESCAPE '\\'", "@user")
                .WhereIf(Pattern(query.DomainOrHost), "domain_or_host_fold LIKE @host ESCAPE '\\'", "@host")
                .WhereIf(after?[0], "id > @after", "@after");
            if (query.OnlyDeleted)
            {
                filter.Where("deleted_at IS NOT NULL");
            }
            else if (!query.IncludeDeleted)
            {
                filter.Where("deleted_at IS NULL");
            }

            var rows = await s.QueryAsync(
                $"SELECT {RecordRows.Columns} FROM records {filter.Sql} ORDER BY id LIMIT @limit", RecordRows.Map,
                cancellationToken, filter.Parameters(("@limit", page.EffectiveSize + 1)));
            return PageTokens.ToPage(rows, page.EffectiveSize, fingerprint, r => [r.Id]);
        }, cancellationToken);

    public Task<PasswordRecord> UpdateFieldsAsync(PasswordRecord record, long expectedVersion, AuditDraft audit,
        CancellationToken cancellationToken) =>
        ChangeAsync(record.Id, expectedVersion, audit, (stored, now) => stored with
        {
            Title = record.Title,
            UserName = record.UserName,
            AccountType = record.AccountType,
            Description = record.Description,
            Url = record.Url,
            Notes = record.Notes,
            ExpiresAt = record.ExpiresAt,
            GenericValues = record.GenericValues,
            DomainOrHost = record.DomainOrHost,
        }, cancellationToken);

    public Task<PasswordRecord> SetPasswordAsync(string recordId, long expectedVersion, byte[] sealedPassword,
        PasswordHistoryEntry? previous, DateTimeOffset changedAt, AuditDraft audit,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var stored = await RecordRows.GetLiveAsync(s, recordId, cancellationToken);
            StoreErrors.CheckVersion("Record", recordId, expectedVersion, stored.Version);
            RefuseWhilePending(stored, "set its password");
            if (previous is not null)
            {
                await RecordRows.InsertHistoryAsync(s, recordId, previous, cancellationToken);
            }

            return await SaveAsync(s, stored with { SealedPassword = sealedPassword, PasswordChangedAt = changedAt },
                audit, null, cancellationToken);
        }, cancellationToken);

    public Task<PasswordRecord> DeleteAsync(string recordId, long expectedVersion, DateTimeOffset deletedAt,
        AuditDraft audit, CancellationToken cancellationToken) =>
        ChangeAsync(recordId, expectedVersion, audit, (stored, now) =>
        {
            RefuseWhilePending(stored, "delete it");
            return stored with { DeletedAt = deletedAt };
        }, cancellationToken);

    public Task<PasswordRecord> RestoreAsync(string recordId, long expectedVersion, DateTimeOffset restorableSince,
        AuditDraft audit, CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var stored = await RecordRows.GetAsync(s, recordId, cancellationToken);
            if (stored?.DeletedAt is not { } deletedAt)
            {
                throw new StoreException(StoreError.NotFound, $"Record '{recordId}' does not exist or is not deleted.");
            }

            StoreErrors.CheckVersion("Record", recordId, expectedVersion, stored.Version);
            if (deletedAt < restorableSince)
            {
                throw new StoreException(StoreError.InvalidState,
                    $"Record '{recordId}' was deleted at {deletedAt:O}, before the restore window that starts at {restorableSince:O}.");
            }

            return await SaveAsync(s, stored with { DeletedAt = null }, audit, null, cancellationToken);
        }, cancellationToken);

    public Task<int> PurgeDeletedAsync(DateTimeOffset deletedBefore, string actor,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var doomed = await s.QueryAsync(
                "SELECT id, list_id FROM records WHERE deleted_at IS NOT NULL AND deleted_at < @before ORDER BY id",
                r => (Id: r.Text("id"), ListId: r.Text("list_id")), cancellationToken,
                ("@before", SqliteValues.ToDb(deletedBefore)));
            foreach (var (id, listId) in doomed)
            {
                await s.ExecuteAsync("DELETE FROM records WHERE id = @id", cancellationToken, ("@id", id));
                await s.AppendAuditAsync(new AuditDraft
                {
                    Action = AuditAction.RecordPurged,
                    Actor = actor,
                    ListId = listId,
                    RecordId = id,
                    Detail = "Removed for good after the restore period.",
                }, null, cancellationToken);
            }

            return doomed.Count;
        }, cancellationToken);

    public Task<Page<PasswordHistoryEntry>> GetHistoryAsync(string recordId, PageRequest page,
        CancellationToken cancellationToken) =>
        database.ReadAsync(async s =>
        {
            var fingerprint = PageTokens.Fingerprint("history", recordId);
            var after = PageTokens.Decode(page.PageToken, fingerprint, 1);
            var filter = new SqlFilter().Where("record_id = @record", ("@record", recordId))
                .WhereIf(after is null ? null : (long?)PageTokens.Number(after[0]), "ordinal < @after", "@after");
            var rows = await s.QueryAsync(
                $"""
                SELECT ordinal, id, record_id, sealed_password, replaced_at, changed_by, reason FROM password_history
                {filter.Sql} ORDER BY ordinal DESC LIMIT @limit
                """, r => (Ordinal: r.Long("ordinal"), Entry: MapHistory(r)), cancellationToken,
                filter.Parameters(("@limit", page.EffectiveSize + 1)));
            var result = PageTokens.ToPage(rows, page.EffectiveSize, fingerprint, h => [h.Ordinal.ToString()]);
            return new Page<PasswordHistoryEntry>(result.Items.Select(h => h.Entry).ToList(), result.NextPageToken);
        }, cancellationToken);

    public Task<IReadOnlyList<PasswordHistoryEntry>> GetRecentHistoryAsync(string recordId, int count,
        CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<PasswordHistoryEntry>>(async s => await s.QueryAsync(
            """
            SELECT id, record_id, sealed_password, replaced_at, changed_by, reason FROM password_history
            WHERE record_id = @record ORDER BY ordinal DESC LIMIT @count
            """, MapHistory, cancellationToken, ("@record", recordId), ("@count", Math.Max(count, 0))),
            cancellationToken);

    public Task<PasswordRecord> RecordSyncStateAsync(string recordId, SyncState state, string reason,
        string? directoryPasswordLastSet, DateTimeOffset verifiedAt, AuditDraft audit,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var stored = await RecordRows.GetLiveAsync(s, recordId, cancellationToken);
            return await SaveAsync(s, stored with
            {
                SyncState = state,
                SyncReason = reason,
                DirectoryPasswordLastSet = directoryPasswordLastSet ?? stored.DirectoryPasswordLastSet,
                LastVerifiedAt = verifiedAt,
            }, audit, null, cancellationToken);
        }, cancellationToken);

    private Task<PasswordRecord> ChangeAsync(string recordId, long expectedVersion, AuditDraft audit,
        Func<PasswordRecord, DateTimeOffset, PasswordRecord> change, CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var stored = await RecordRows.GetLiveAsync(s, recordId, cancellationToken);
            StoreErrors.CheckVersion("Record", recordId, expectedVersion, stored.Version);
            return await SaveAsync(s, change(stored, s.Now), audit, null, cancellationToken);
        }, cancellationToken);

    /// <summary>Writes the changed record with the next version and its audit event.</summary>
    internal static async Task<PasswordRecord> SaveAsync(WriteSession s, PasswordRecord changed, AuditDraft audit,
        string? requestId, CancellationToken cancellationToken)
    {
        var saved = RecordRows.Normalised(changed with { Version = changed.Version + 1, UpdatedAt = s.Now });
        if (await RecordRows.WriteAsync(s, saved, insert: false, cancellationToken) != 1)
        {
            // Unreachable while writes hold the database's write lock; kept so a lost update can never pass silently.
            throw StoreErrors.VersionConflict("Record", saved.Id, changed.Version, -1);
        }

        await s.AppendAuditAsync(audit.ForRecord(saved.ListId, saved.Id), requestId, cancellationToken);
        return saved;
    }

    private static void RefuseWhilePending(PasswordRecord stored, string what)
    {
        if (stored.Pending is not null)
        {
            throw new StoreException(StoreError.RotationPending,
                $"Record '{stored.Id}' has a rotation in progress ('{stored.Pending.RotationId}'); wait for it to finish before you {what}.");
        }
    }

    private static string? Pattern(string? text) => text is null ? null : SqliteValues.ContainsPattern(text);

    private static PasswordHistoryEntry MapHistory(Microsoft.Data.Sqlite.SqliteDataReader r) => new()
    {
        Id = r.Text("id"),
        RecordId = r.Text("record_id"),
        SealedPassword = r.Blob("sealed_password"),
        ReplacedAt = r.Time("replaced_at"),
        ChangedBy = r.Text("changed_by"),
        Reason = r.Text("reason"),
    };
}
