using PasswordSync.Vault.Crypto;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// KEK rotation: re-wrapping changes how a key is stored, not what it decrypts, so it bumps no version and appends no
/// audit event (the rotation job audits itself through <see cref="IAuditLog.AppendAsync"/>).
/// </summary>
internal sealed class SqliteDataKeyStore(SqliteDatabase database) : IDataKeyStore
{
    public Task<IReadOnlyList<StoredDataKey>> ListNotUnderAsync(DataKeyOwnerKind ownerKind, int activeKekVersion,
        string? afterOwnerId, int max, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<StoredDataKey>>(async s => ownerKind == DataKeyOwnerKind.Record
            ? await s.QueryAsync(
                """
                SELECT id, kek_version, wrapped_key FROM records
                WHERE kek_version <> @active AND (@after IS NULL OR id > @after) ORDER BY id LIMIT @max
                """,
                r => new StoredDataKey(DataKeyOwnerKind.Record, r.Text("id"),
                    new WrappedDataKey(r.Int("kek_version"), r.Blob("wrapped_key")), null),
                cancellationToken, ("@active", activeKekVersion), ("@after", afterOwnerId), ("@max", Math.Max(max, 0)))
            : await s.QueryAsync(
                """
                SELECT id, privileged_password FROM targets
                WHERE privileged_password_kek_version <> @active AND (@after IS NULL OR id > @after)
                ORDER BY id LIMIT @max
                """,
                r => new StoredDataKey(DataKeyOwnerKind.Target, r.Text("id"), null, r.Blob("privileged_password")),
                cancellationToken, ("@active", activeKekVersion), ("@after", afterOwnerId), ("@max", Math.Max(max, 0))),
            cancellationToken);

    public Task<bool> ReplaceRecordKeyAsync(string recordId, WrappedDataKey expected, WrappedDataKey replacement,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async s => await s.ExecuteAsync(
            """
            UPDATE records SET kek_version = @new_version, wrapped_key = @new_key
            WHERE id = @id AND kek_version = @old_version AND wrapped_key = @old_key
            """, cancellationToken,
            ("@id", recordId), ("@new_version", replacement.KekVersion), ("@new_key", replacement.Wrapped),
            ("@old_version", expected.KekVersion), ("@old_key", expected.Wrapped)) == 1, cancellationToken);

    public Task<bool> ReplaceTargetSecretAsync(string targetId, byte[] expected, byte[] replacement,
        int replacementKekVersion, CancellationToken cancellationToken) =>
        database.WriteAsync(async s => await s.ExecuteAsync(
            """
            UPDATE targets SET privileged_password = @new, privileged_password_kek_version = @kek
            WHERE id = @id AND privileged_password = @old
            """, cancellationToken,
            ("@id", targetId), ("@new", replacement), ("@kek", replacementKekVersion), ("@old", expected)) == 1,
            cancellationToken);
}
