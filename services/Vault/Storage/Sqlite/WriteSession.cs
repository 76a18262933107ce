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

    // The chain's head as this transaction left it: a batch appends hundreds of events in one transaction, and reads
    // the head from the table only for the first one (and again after a rollback to a savepoint, which may have
    // removed events appended since). The write lock makes this transaction the only writer meanwhile.
    private (long Sequence, byte[] Hash)? head;

    /// <summary>
    /// Appends the next event of the chain. The sequence is the table's primary key, so a second writer that read the
    /// same head (another process, if the write lock were ever bypassed) fails to insert instead of forking the chain.
    /// </summary>
    public async Task<AuditEvent> AppendAuditAsync(AuditDraft draft, string? requestId,
        CancellationToken cancellationToken)
    {
        head ??= await QuerySingleAsync(
            "SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1",
            r => new Tuple<long, byte[]>(r.Long("sequence"), r.Blob("hash")), cancellationToken) is { } last
            ? (last.Item1, last.Item2)
            : (0, AuditChain.GenesisHash);
        var next = AuditChain.Next(head.Value.Sequence + 1, Now, draft, requestId, head.Value.Hash);
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
        head = (next.Sequence, next.Hash);
        return next;
    }

    public Task SavepointAsync(string name, CancellationToken cancellationToken) =>
        ExecuteAsync("SAVEPOINT " + name, cancellationToken);

    public Task ReleaseAsync(string name, CancellationToken cancellationToken) =>
        ExecuteAsync("RELEASE " + name, cancellationToken);

    /// <summary>Undoes everything since the savepoint (and forgets the chain head, which may have moved back).</summary>
    public async Task RollbackToAsync(string name, CancellationToken cancellationToken)
    {
        head = null;
        await ExecuteAsync("ROLLBACK TO " + name, cancellationToken);
        await ExecuteAsync("RELEASE " + name, cancellationToken);
    }
}
