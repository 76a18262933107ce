using Microsoft.Data.Sqlite;
using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// One write transaction: the change, its audit event and its idempotency entry commit together or not at all.
/// </summary>
internal sealed class WriteSession(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now,
    StatementCache? statements = null)
    : SqlSession(connection, transaction, statements)
{
    /// <summary>The store's clock at the start of the transaction, at millisecond precision.</summary>
    public DateTimeOffset Now { get; } = SqliteValues.Truncate(now);

    /// <summary>
    /// Appends the next event of the chain. The sequence is the table's primary key, so a second writer that read the
    /// same head (another process, if the write lock were ever bypassed) fails to insert instead of forking the chain.
    /// </summary>
    public async Task<AuditEvent> AppendAuditAsync(AuditDraft draft, string? requestId,
        CancellationToken cancellationToken)
    {
        var head = await QuerySingleAsync(
            "SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1",
            r => new { Sequence = r.Long("sequence"), Hash = r.Blob("hash") }, cancellationToken);
        var next = AuditChain.Next((head?.Sequence ?? 0) + 1, Now, draft, requestId,
            head?.Hash ?? AuditChain.GenesisHash);
        await ExecuteAsync(
            """
            INSERT INTO audit_events (sequence, time, action, actor, list_id, record_id, target_id, detail, request_id,
                previous_hash, hash)
            VALUES (@sequence, @time, @action, @actor, @list, @record, @target, @detail, @request, @previous, @hash)
            """, cancellationToken,
            ("@sequence", next.Sequence), ("@time", SqliteValues.ToDb(next.Time)), ("@action", (long)next.Action),
            ("@actor", next.Actor), ("@list", next.ListId), ("@record", next.RecordId), ("@target", next.TargetId),
            ("@detail", next.Detail), ("@request", next.RequestId), ("@previous", next.PreviousHash),
            ("@hash", next.Hash));
        return next;
    }
}
