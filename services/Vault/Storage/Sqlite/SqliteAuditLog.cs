using Microsoft.Data.Sqlite;
using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Sqlite;

internal sealed class SqliteAuditLog(SqliteDatabase database) : IAuditLog
{
    private const string Columns =
        "sequence, time, action, actor, list_id, record_id, target_id, detail, request_id, previous_hash, hash";

    public Task<AuditEvent> AppendAsync(string? requestId, AuditDraft draft, CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            if (string.IsNullOrEmpty(requestId))
            {
                return await s.AppendAuditAsync(draft, null, cancellationToken);
            }

            const string operation = "audit.append";
            var fingerprint = string.Join('\n', (long)draft.Action, draft.Actor, draft.ListId, draft.RecordId,
                draft.TargetId, draft.Detail);
            if (await Idempotency.FindAsync(s, requestId, operation, fingerprint, cancellationToken) is { } first)
            {
                return (await s.QuerySingleAsync($"SELECT {Columns} FROM audit_events WHERE sequence = @sequence", Map,
                    cancellationToken, ("@sequence", long.Parse(first.ResultRef))))!;
            }

            var appended = await s.AppendAuditAsync(draft, requestId, cancellationToken);
            await Idempotency.RecordAsync(s, requestId, operation, fingerprint, appended.Sequence.ToString(), null,
                cancellationToken);
            return appended;
        }, cancellationToken);

    public Task<IReadOnlyList<AuditEvent>> AppendManyAsync(IReadOnlyList<AuditDraft> drafts,
        CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<AuditEvent>>(async s =>
        {
            var appended = new List<AuditEvent>(drafts.Count);
            foreach (var draft in drafts)
            {
                appended.Add(await s.AppendAuditAsync(draft, null, cancellationToken));
            }

            return appended;
        }, cancellationToken);

    public Task<Page<AuditEvent>> QueryAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken) =>
        database.ReadAsync(async s =>
        {
            var from = query.From is { } f ? SqliteValues.ToDb(f) : (long?)null;
            var to = query.To is { } t ? SqliteValues.ToDb(t) : (long?)null;
            var fingerprint = PageTokens.Fingerprint("audit", query.ListId, query.RecordId, query.Actor,
                query.Action?.ToString(), from?.ToString(), to?.ToString());
            var after = PageTokens.Decode(page.PageToken, fingerprint, 1);
            var filter = new SqlFilter()
                .WhereIf(query.ListId, "list_id = @list", "@list")
                .WhereIf(query.RecordId, "record_id = @record", "@record")
                .WhereIf(query.Actor, "actor = @actor", "@actor")
                .WhereIf((long?)query.Action, "action = @action", "@action")
                .WhereIf(from, "time >= @from", "@from")
                .WhereIf(to, "time < @to", "@to")
                .WhereIf(after is null ? null : (long?)PageTokens.Number(after[0]), "sequence > @after", "@after");
            var rows = await s.QueryAsync($"SELECT {Columns} FROM audit_events {filter.Sql} ORDER BY sequence LIMIT @limit",
                Map, cancellationToken, filter.Parameters(("@limit", page.EffectiveSize + 1)));
            return PageTokens.ToPage(rows, page.EffectiveSize, fingerprint, e => [e.Sequence.ToString()]);
        }, cancellationToken);

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async s =>
        {
            var expectedSequence = 1L;
            var previous = AuditChain.GenesisHash;
            // One read transaction: WAL gives it a stable snapshot while writers keep appending.
            await foreach (var e in s.StreamAsync($"SELECT {Columns} FROM audit_events ORDER BY sequence", Map,
                               cancellationToken))
            {
                var problem = e.Sequence != expectedSequence ? $"sequence {expectedSequence} is missing"
                    : !e.PreviousHash.AsSpan().SequenceEqual(previous) ? "its previous hash does not match the event before"
                    : !AuditChain.ComputeHash(e).AsSpan().SequenceEqual(e.Hash) ? "its content does not match its hash"
                    : null;
                if (problem is not null)
                {
                    return new AuditVerification(false, expectedSequence - 1, previous,
                        Math.Min(e.Sequence, expectedSequence), $"Audit event {e.Sequence}: {problem}.");
                }

                previous = e.Hash;
                expectedSequence++;
            }

            return new AuditVerification(true, expectedSequence - 1, previous, null, "");
        }, cancellationToken);

    private static AuditEvent Map(SqliteDataReader r) => new()
    {
        Sequence = r.Long("sequence"),
        Time = r.Time("time"),
        Action = (AuditAction)r.Long("action"),
        Actor = r.Text("actor"),
        ListId = r.Text("list_id"),
        RecordId = r.Text("record_id"),
        TargetId = r.Text("target_id"),
        Detail = r.Text("detail"),
        RequestId = r.Text("request_id"),
        PreviousHash = r.Blob("previous_hash"),
        Hash = r.Blob("hash"),
    };
}
