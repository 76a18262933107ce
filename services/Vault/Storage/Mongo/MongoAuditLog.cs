using MongoDB.Bson;
using MongoDB.Driver;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage.Mongo.Documents;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Storage.Mongo;

internal sealed class MongoAuditLog(MongoStoreContext context) : IAuditLog
{
    private readonly VaultCollections c = context.Collections;

    public async Task<AuditEvent> AppendAsync(string? requestId, AuditDraft draft, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(requestId))
        {
            return await context.Transactions.RunAsync(
                (session, ct) => context.Audit.AppendAsync(session, draft, null, ct), cancellationToken);
        }

        var sequence = await context.RunIdempotentAsync(requestId, "audit.append", Fingerprint(draft),
            async (session, ct) => (await context.Audit.AppendAsync(session, draft, requestId, ct)).Sequence,
            sequence => new BsonDocument("sequence", sequence),
            (_, first, _) => Task.FromResult(first["sequence"].AsInt64),
            cancellationToken);
        var stored = await c.AuditEvents.Find(AuditFilters.BySequence(sequence)).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Audit event {sequence} is missing although its append committed.");
        return AuditEventDocumentMapper.ToModel(stored);
    }

    public Task<IReadOnlyList<AuditEvent>> AppendManyAsync(IReadOnlyList<AuditDraft> drafts,
        CancellationToken cancellationToken) =>
        context.Transactions.RunAsync<IReadOnlyList<AuditEvent>>(async (session, ct) =>
        {
            var appended = new List<AuditEvent>(drafts.Count);
            foreach (var draft in drafts)
            {
                appended.Add(await context.Audit.AppendAsync(session, draft, null, ct));
            }

            return appended;
        }, cancellationToken);

    public Task<Page<AuditEvent>> QueryAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        var scope = KeysetPager.Scope("audit", query.ListId, query.RecordId, query.Actor, query.Action?.ToString(),
            query.From?.ToUnixTimeMilliseconds().ToString(), query.To?.ToUnixTimeMilliseconds().ToString());
        var filter = AuditFilters.Query(query);
        if (PageTokens.Decode(page.PageToken, scope) is { } after)
        {
            filter &= AuditFilters.After(after["sequence"].AsInt64);
        }

        return KeysetPager.ReadAsync(c.AuditEvents, filter, AuditFilters.BySequence(), page, scope,
            d => new BsonDocument("sequence", d.Sequence), AuditEventDocumentMapper.ToModel, cancellationToken);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var head = await c.AuditHead.Find(AuditFilters.Head()).FirstOrDefaultAsync(cancellationToken);
        var verifier = new AuditChainVerifier();
        // Read up to the head as it was when we started: later appends are not part of this verification.
        var upTo = head?.Sequence ?? 0;
        using var cursor = await c.AuditEvents
            .Find(Builders<AuditEventDocument>.Filter.Lte(e => e.Sequence, upTo))
            .Sort(AuditFilters.BySequence()).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                if (!verifier.Accept(AuditEventDocumentMapper.ToModel(document)))
                {
                    return verifier.Result(head);
                }
            }
        }

        return verifier.Result(head);
    }

    private static string Fingerprint(AuditDraft draft) =>
        IdempotentWrites.Fingerprint(draft.Action.ToString(), draft.Actor, draft.ListId, draft.RecordId, draft.TargetId,
            draft.Detail);
}
