extern alias VaultService;

using System.Text.Json;
using Microsoft.Data.Sqlite;
using VaultService::PasswordSync.Vault.Model;
using VaultService::PasswordSync.Vault.Storage;

namespace PasswordSync.Benchmarks.Scenarios;

/// <summary>
/// The statements the vault's SQLite store runs to create and to read a record, on one open connection with the
/// store's pragmas (synchronous=FULL, foreign keys, WAL from the file) and prepared commands: the floor the store is
/// compared with. A create is one BEGIN IMMEDIATE transaction: list check, insert, audit chain head, audit insert.
/// </summary>
internal sealed class RawRecordStatements : IDisposable
{
    private const string Columns =
        """
        id, list_id, title, user_name, account_type, description, url, notes, expires_at, generic_json, domain_or_host,
        kek_version, wrapped_key, sealed_password, password_changed_at, pending_rotation_id, pending_password,
        pending_owner, pending_lease_expires_at, pending_started_at, pending_reason, pending_actor, pending_claim_count,
        sync_state, sync_reason, last_synced_at, last_verified_at, directory_password_last_set, version, created_at,
        updated_at, deleted_at
        """;

    private readonly SqliteConnection connection;
    private readonly SqliteCommand listExists;
    private readonly SqliteCommand insertRecord;
    private readonly SqliteCommand auditHead;
    private readonly SqliteCommand insertAudit;
    private readonly SqliteCommand selectRecord;

    private RawRecordStatements(SqliteConnection connection)
    {
        this.connection = connection;
        listExists = Command("SELECT 1 FROM lists WHERE id = @id", "@id");
        insertRecord = Command(
            $"""
             INSERT INTO records ({Columns}, title_fold, user_name_fold, domain_or_host_fold)
             VALUES (@id, @list_id, @title, @user_name, @account_type, @description, @url, @notes, @expires_at,
                 @generic_json, @domain_or_host, @kek_version, @wrapped_key, @sealed_password, @password_changed_at,
                 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, @sync_state, @sync_reason, NULL, NULL,
                 @directory_password_last_set, 1, @created_at, @updated_at, NULL, @title_fold, @user_name_fold,
                 @domain_or_host_fold)
             """,
            "@id", "@list_id", "@title", "@user_name", "@account_type", "@description", "@url", "@notes", "@expires_at",
            "@generic_json", "@domain_or_host", "@kek_version", "@wrapped_key", "@sealed_password",
            "@password_changed_at", "@sync_state", "@sync_reason", "@directory_password_last_set", "@created_at",
            "@updated_at", "@title_fold", "@user_name_fold", "@domain_or_host_fold");
        auditHead = Command("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1");
        insertAudit = Command(
            """
            INSERT INTO audit_events (sequence, time, action, actor, list_id, record_id, target_id, detail, request_id,
                previous_hash, hash)
            VALUES (@sequence, @time, @action, @actor, @list, @record, @target, @detail, @request, @previous, @hash)
            """,
            "@sequence", "@time", "@action", "@actor", "@list", "@record", "@target", "@detail", "@request",
            "@previous", "@hash");
        selectRecord = Command($"SELECT {Columns} FROM records WHERE id = @id", "@id");
    }

    public static RawRecordStatements Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            ForeignKeys = true,
        }.ToString());
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;";
        pragmas.ExecuteNonQuery();
        return new RawRecordStatements(connection);
    }

    public void Create(PasswordRecord r, AuditDraft audit)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Run(listExists, transaction, r.ListId);
        Run(insertRecord, transaction, r.Id, r.ListId, r.Title, r.UserName, (long)r.AccountType, r.Description, r.Url,
            r.Notes, DBNull.Value, JsonSerializer.Serialize(r.GenericValues), r.DomainOrHost, r.DataKey.KekVersion,
            r.DataKey.Wrapped, r.SealedPassword, r.PasswordChangedAt!.Value.ToUnixTimeMilliseconds(), (long)r.SyncState,
            r.SyncReason, r.DirectoryPasswordLastSet, now.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(),
            r.Title.ToUpperInvariant(), r.UserName.ToUpperInvariant(), r.DomainOrHost.ToUpperInvariant());
        auditHead.Transaction = transaction;
        long sequence = 0;
        var previous = AuditChain.GenesisHash;
        using (var head = auditHead.ExecuteReader())
        {
            if (head.Read())
            {
                sequence = head.GetInt64(0);
                previous = (byte[])head.GetValue(1);
            }
        }

        var next = AuditChain.Next(sequence + 1, now, audit with { ListId = r.ListId, RecordId = r.Id }, null, previous);
        Run(insertAudit, transaction, next.Sequence, next.Time.ToUnixTimeMilliseconds(), (long)next.Action, next.Actor,
            next.ListId, next.RecordId, next.TargetId, next.Detail, next.RequestId, next.PreviousHash, next.Hash);
        transaction.Commit();
    }

    /// <summary>Reads every column of the record, as the store's mapping does; false when it is not there.</summary>
    public bool Read(string id)
    {
        selectRecord.Transaction = null;
        selectRecord.Parameters[0].Value = id;
        using var reader = selectRecord.ExecuteReader();
        if (!reader.Read())
        {
            return false;
        }

        var values = new object[reader.FieldCount];
        reader.GetValues(values);
        return true;
    }

    public void Dispose()
    {
        foreach (var command in new[] { listExists, insertRecord, auditHead, insertAudit, selectRecord })
        {
            command.Dispose();
        }

        connection.Dispose();
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static void Run(SqliteCommand command, SqliteTransaction transaction, params object?[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }
}
