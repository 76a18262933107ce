using Microsoft.Data.Sqlite;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>Reading and writing the records table, shared by the record store and the rotation journal.</summary>
internal static class RecordRows
{
    public const string Columns =
        """
        id, list_id, title, user_name, account_type, description, url, notes, expires_at, generic_json, domain_or_host,
        kek_version, wrapped_key, sealed_password, password_changed_at, pending_rotation_id, pending_password,
        pending_owner, pending_lease_expires_at, pending_started_at, pending_reason, pending_actor, pending_claim_count,
        sync_state, sync_reason, last_synced_at, last_verified_at, directory_password_last_set, version, created_at,
        updated_at, deleted_at
        """;

    // Ordinals of Columns, in the order the SELECTs name them.
    private static readonly Dictionary<string, int> At = Columns.Split(',')
        .Select((name, ordinal) => (Name: name.Trim(), Ordinal: ordinal))
        .ToDictionary(column => column.Name, column => column.Ordinal, StringComparer.Ordinal);

    public static Task<PasswordRecord?> GetAsync(SqlSession s, string id, CancellationToken cancellationToken) =>
        s.QuerySingleAsync($"SELECT {Columns} FROM records WHERE id = @id", Map, cancellationToken, ("@id", id));

    /// <summary>The record, refused as NotFound when missing or soft-deleted.</summary>
    public static async Task<PasswordRecord> GetLiveAsync(SqlSession s, string id, CancellationToken cancellationToken)
    {
        var record = await GetAsync(s, id, cancellationToken);
        return record is null || record.DeletedAt is not null ? throw StoreErrors.NotFound("Record", id) : record;
    }

    /// <summary>Writes every column of <paramref name="r"/> (the caller has checked the stored state in this transaction).</summary>
    public static Task<int> WriteAsync(WriteSession s, PasswordRecord r, bool insert, CancellationToken cancellationToken)
    {
        var sql = insert
            ? $"""
               INSERT INTO records ({Columns}, title_fold, user_name_fold, domain_or_host_fold)
               VALUES (@id, @list_id, @title, @user_name, @account_type, @description, @url, @notes, @expires_at,
                   @generic_json, @domain_or_host, @kek_version, @wrapped_key, @sealed_password, @password_changed_at,
                   @pending_rotation_id, @pending_password, @pending_owner, @pending_lease_expires_at,
                   @pending_started_at, @pending_reason, @pending_actor, @pending_claim_count, @sync_state,
                   @sync_reason, @last_synced_at, @last_verified_at, @directory_password_last_set, @version,
                   @created_at, @updated_at, @deleted_at, @title_fold, @user_name_fold, @domain_or_host_fold)
               """
            : """
              UPDATE records SET title = @title, user_name = @user_name, account_type = @account_type,
                  description = @description, url = @url, notes = @notes, expires_at = @expires_at,
                  generic_json = @generic_json, domain_or_host = @domain_or_host, kek_version = @kek_version,
                  wrapped_key = @wrapped_key, sealed_password = @sealed_password,
                  password_changed_at = @password_changed_at, pending_rotation_id = @pending_rotation_id,
                  pending_password = @pending_password, pending_owner = @pending_owner,
                  pending_lease_expires_at = @pending_lease_expires_at, pending_started_at = @pending_started_at,
                  pending_reason = @pending_reason, pending_actor = @pending_actor,
                  pending_claim_count = @pending_claim_count, sync_state = @sync_state, sync_reason = @sync_reason,
                  last_synced_at = @last_synced_at, last_verified_at = @last_verified_at,
                  directory_password_last_set = @directory_password_last_set, version = @version,
                  updated_at = @updated_at, deleted_at = @deleted_at, title_fold = @title_fold,
                  user_name_fold = @user_name_fold, domain_or_host_fold = @domain_or_host_fold
              WHERE id = @id AND version = @version - 1
              """;
        return s.ExecuteAsync(sql, cancellationToken, Parameters(r));
    }

    /// <summary>
    /// Writes only the columns a rotation step changes (password, pending rotation, sync state, version): the
    /// rotation journal's steps never change a record's fields, so a bulk rotation neither binds nor re-folds them,
    /// nor serialises the generic values again.
    /// </summary>
    public static Task<int> WriteRotationAsync(WriteSession s, PasswordRecord r, CancellationToken cancellationToken) =>
        s.ExecuteAsync(
            """
            UPDATE records SET sealed_password = @sealed_password, password_changed_at = @password_changed_at,
                pending_rotation_id = @pending_rotation_id, pending_password = @pending_password,
                pending_owner = @pending_owner, pending_lease_expires_at = @pending_lease_expires_at,
                pending_started_at = @pending_started_at, pending_reason = @pending_reason,
                pending_actor = @pending_actor, pending_claim_count = @pending_claim_count, sync_state = @sync_state,
                sync_reason = @sync_reason, last_synced_at = @last_synced_at, last_verified_at = @last_verified_at,
                directory_password_last_set = @directory_password_last_set, version = @version,
                updated_at = @updated_at
            WHERE id = @id AND version = @version - 1
            """, cancellationToken,
            ("@id", r.Id), ("@sealed_password", r.SealedPassword),
            ("@password_changed_at", SqliteValues.ToDb(r.PasswordChangedAt)),
            ("@pending_rotation_id", r.Pending?.RotationId), ("@pending_password", r.Pending?.SealedPassword),
            ("@pending_owner", r.Pending?.Owner),
            ("@pending_lease_expires_at", SqliteValues.ToDb(r.Pending?.LeaseExpiresAt)),
            ("@pending_started_at", SqliteValues.ToDb(r.Pending?.StartedAt)), ("@pending_reason", r.Pending?.Reason),
            ("@pending_actor", r.Pending?.Actor), ("@pending_claim_count", r.Pending?.ClaimCount),
            ("@sync_state", (long)r.SyncState), ("@sync_reason", r.SyncReason),
            ("@last_synced_at", SqliteValues.ToDb(r.LastSyncedAt)),
            ("@last_verified_at", SqliteValues.ToDb(r.LastVerifiedAt)),
            ("@directory_password_last_set", r.DirectoryPasswordLastSet), ("@version", r.Version),
            ("@updated_at", SqliteValues.ToDb(r.UpdatedAt)));

    private static (string, object?)[] Parameters(PasswordRecord r) =>
    [
        ("@id", r.Id), ("@list_id", r.ListId), ("@title", r.Title), ("@user_name", r.UserName),
        ("@account_type", (long)r.AccountType), ("@description", r.Description), ("@url", r.Url),
        ("@notes", r.Notes), ("@expires_at", SqliteValues.ToDb(r.ExpiresAt)),
        ("@generic_json", SqliteJson.Write(r.GenericValues)), ("@domain_or_host", r.DomainOrHost),
        ("@kek_version", r.DataKey.KekVersion), ("@wrapped_key", r.DataKey.Wrapped),
        ("@sealed_password", r.SealedPassword), ("@password_changed_at", SqliteValues.ToDb(r.PasswordChangedAt)),
        ("@pending_rotation_id", r.Pending?.RotationId), ("@pending_password", r.Pending?.SealedPassword),
        ("@pending_owner", r.Pending?.Owner), ("@pending_lease_expires_at", SqliteValues.ToDb(r.Pending?.LeaseExpiresAt)),
        ("@pending_started_at", SqliteValues.ToDb(r.Pending?.StartedAt)), ("@pending_reason", r.Pending?.Reason),
        ("@pending_actor", r.Pending?.Actor), ("@pending_claim_count", r.Pending?.ClaimCount),
        ("@sync_state", (long)r.SyncState), ("@sync_reason", r.SyncReason),
        ("@last_synced_at", SqliteValues.ToDb(r.LastSyncedAt)), ("@last_verified_at", SqliteValues.ToDb(r.LastVerifiedAt)),
        ("@directory_password_last_set", r.DirectoryPasswordLastSet), ("@version", r.Version),
        ("@created_at", SqliteValues.ToDb(r.CreatedAt)), ("@updated_at", SqliteValues.ToDb(r.UpdatedAt)),
        ("@deleted_at", SqliteValues.ToDb(r.DeletedAt)), ("@title_fold", SqliteValues.Fold(r.Title)),
        ("@user_name_fold", SqliteValues.Fold(r.UserName)), ("@domain_or_host_fold", SqliteValues.Fold(r.DomainOrHost)),
    ];

    /// <summary>A row selected as <see cref="Columns"/>, read by ordinal.</summary>
    public static PasswordRecord Map(SqliteDataReader r) => r.FieldCount == At.Count ? MapRow(r)
        : throw new InvalidOperationException($"A record row has {At.Count} columns (RecordRows.Columns), not {r.FieldCount}.");

    private static PasswordRecord MapRow(SqliteDataReader r) => new()
    {
        Id = r.Text(At["id"]),
        ListId = r.Text(At["list_id"]),
        Title = r.Text(At["title"]),
        UserName = r.Text(At["user_name"]),
        AccountType = (AccountKind)r.GetInt64(At["account_type"]),
        Description = r.Text(At["description"]),
        Url = r.Text(At["url"]),
        Notes = r.Text(At["notes"]),
        ExpiresAt = r.NullableTime(At["expires_at"]),
        GenericValues = SqliteJson.Read<Dictionary<string, string>>(r.Text(At["generic_json"])),
        DomainOrHost = r.Text(At["domain_or_host"]),
        DataKey = new WrappedDataKey(r.GetInt32(At["kek_version"]), r.Blob(At["wrapped_key"])),
        SealedPassword = r.NullableBlob(At["sealed_password"]),
        PasswordChangedAt = r.NullableTime(At["password_changed_at"]),
        Pending = r.NullableText(At["pending_rotation_id"]) is { } rotationId
            ? new PendingRotation
            {
                RotationId = rotationId,
                SealedPassword = r.Blob(At["pending_password"]),
                Owner = r.Text(At["pending_owner"]),
                LeaseExpiresAt = r.Time(At["pending_lease_expires_at"]),
                StartedAt = r.Time(At["pending_started_at"]),
                Reason = r.Text(At["pending_reason"]),
                Actor = r.Text(At["pending_actor"]),
                ClaimCount = r.GetInt32(At["pending_claim_count"]),
            }
            : null,
        SyncState = (SyncState)r.GetInt64(At["sync_state"]),
        SyncReason = r.Text(At["sync_reason"]),
        LastSyncedAt = r.NullableTime(At["last_synced_at"]),
        LastVerifiedAt = r.NullableTime(At["last_verified_at"]),
        DirectoryPasswordLastSet = r.Text(At["directory_password_last_set"]),
        Version = r.GetInt64(At["version"]),
        CreatedAt = r.Time(At["created_at"]),
        UpdatedAt = r.Time(At["updated_at"]),
        DeletedAt = r.NullableTime(At["deleted_at"]),
    };

    /// <summary>Normalises what is written: millisecond times (so what is returned equals what a read returns).</summary>
    public static PasswordRecord Normalised(PasswordRecord r) => r with
    {
        ExpiresAt = r.ExpiresAt is { } e ? SqliteValues.Truncate(e) : null,
        PasswordChangedAt = r.PasswordChangedAt is { } p ? SqliteValues.Truncate(p) : null,
        LastSyncedAt = r.LastSyncedAt is { } s ? SqliteValues.Truncate(s) : null,
        LastVerifiedAt = r.LastVerifiedAt is { } v ? SqliteValues.Truncate(v) : null,
        DeletedAt = r.DeletedAt is { } d ? SqliteValues.Truncate(d) : null,
        Pending = r.Pending is { } pending
            ? pending with
            {
                LeaseExpiresAt = SqliteValues.Truncate(pending.LeaseExpiresAt),
                StartedAt = SqliteValues.Truncate(pending.StartedAt),
            }
            : null,
    };

    public static Task InsertHistoryAsync(WriteSession s, string recordId, PasswordHistoryEntry entry,
        CancellationToken cancellationToken) =>
        SqliteConstraints.UniqueAsync(() => s.ExecuteAsync(
            """
            INSERT INTO password_history (id, record_id, sealed_password, replaced_at, changed_by, reason)
            VALUES (@id, @record, @sealed, @replaced, @by, @reason)
            """, cancellationToken,
            ("@id", entry.Id), ("@record", recordId), ("@sealed", entry.SealedPassword),
            ("@replaced", SqliteValues.ToDb(entry.ReplacedAt)), ("@by", entry.ChangedBy), ("@reason", entry.Reason)),
            $"History entry '{entry.Id}' already exists.");
}
