namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>A request id's first outcome: which operation it was, on what, and a reference to its result.</summary>
internal sealed record IdempotencyEntry(string Operation, string Fingerprint, string ResultRef, byte[]? Snapshot);

/// <summary>
/// Request ids seen by idempotent calls, written in the same transaction as the change, so a retry after a lost reply
/// finds either nothing (the first attempt did not happen) or exactly its first result.
/// </summary>
internal static class Idempotency
{
    /// <summary>The first outcome of <paramref name="requestId"/>, or null when it is new.</summary>
    public static async Task<IdempotencyEntry?> FindAsync(WriteSession session, string requestId, string operation,
        string fingerprint, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var entry = await session.QuerySingleAsync(
            "SELECT operation, fingerprint, result_ref, result FROM idempotency WHERE request_id = @id",
            r => new IdempotencyEntry(r.Text("operation"), r.Text("fingerprint"), r.Text("result_ref"),
                r.NullableBlob("result")),
            cancellationToken, ("@id", requestId));
        if (entry is not null && (entry.Operation != operation || entry.Fingerprint != fingerprint))
        {
            throw new StoreException(StoreError.RequestIdReused,
                $"Request id '{requestId}' was already used for another operation or other arguments.");
        }

        return entry;
    }

    public static Task RecordAsync(WriteSession session, string requestId, string operation, string fingerprint,
        string resultRef, byte[]? snapshot, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            INSERT INTO idempotency (request_id, operation, fingerprint, result_ref, result, created_at)
            VALUES (@id, @operation, @fingerprint, @ref, @result, @now)
            """, cancellationToken,
            ("@id", requestId), ("@operation", operation), ("@fingerprint", fingerprint), ("@ref", resultRef),
            ("@result", snapshot), ("@now", SqliteValues.ToDb(session.Now)));
}
