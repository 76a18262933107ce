using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage.Mongo.Documents;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// The rotation journal on MongoDB: the pending rotation lives inside its record, so each step is one
/// FindOneAndUpdate whose filter is the step's precondition (no pending / same rotation id / expired lease...).
/// The transaction around it only adds the audit event and the request id's result.
/// </summary>
internal sealed class MongoRotationJournal(MongoStoreContext context) : IRotationJournal
{
    private static readonly FindOneAndUpdateOptions<RecordDocument> ReturnAfter =
        new() { ReturnDocument = ReturnDocument.After };

    private readonly VaultCollections c = context.Collections;

    public Task<IReadOnlyList<BatchOutcome>> BeginManyAsync(IReadOnlyList<BatchBegin> steps, JobItemNote? job,
        CancellationToken cancellationToken) =>
        new MongoRotationBatches(this, new MongoJobStore(context)).BeginManyAsync(steps, job, cancellationToken);

    public Task<IReadOnlyList<BatchOutcome>> CommitManyAsync(IReadOnlyList<BatchCommit> steps, JobItemNote? job,
        CancellationToken cancellationToken) =>
        new MongoRotationBatches(this, new MongoJobStore(context)).CommitManyAsync(steps, job, cancellationToken);

    public Task<PasswordRecord> BeginAsync(string requestId, string recordId, PendingRotation pending, AuditDraft audit,
        CancellationToken cancellationToken) =>
        IdempotentStepAsync(requestId, "rotation.begin", recordId, pending.RotationId, async (session, ct) =>
        {
            var current = await LoadAsync(session, recordId, ct);
            if (current is { DeletedAt: null, Pending: { } inFlight } && inFlight.RotationId == pending.RotationId)
            {
                // The same rotation begun again (a retry under a new request id): already done, nothing changes.
                return current;
            }

            var begun = await c.Records.FindOneAndUpdateAsync(session, RecordFilters.CanBegin(recordId),
                    RecordUpdates.Begin(RecordDocumentMapper.ToDocument(pending with { ClaimCount = 0 }), context.Now),
                    ReturnAfter, ct)
                ?? throw RecordRefusals.ForBegin(current, recordId);
            await context.Audit.AppendAsync(session, MongoRecordStore.For(audit, begun), requestId, ct);
            return begun;
        }, cancellationToken);

    public Task<PasswordRecord> CommitAsync(string requestId, string recordId, string rotationId, RotationCommit commit,
        AuditDraft audit, CancellationToken cancellationToken) =>
        IdempotentStepAsync(requestId, "rotation.commit", recordId, rotationId,
            (session, ct) => GuardedStepAsync(session, requestId, recordId, rotationId,
                RecordUpdates.Commit(commit, context.Now), audit, ct),
            cancellationToken);

    public Task<PasswordRecord> AbortAsync(string requestId, string recordId, string rotationId, string reason,
        AuditDraft audit, CancellationToken cancellationToken) =>
        IdempotentStepAsync(requestId, "rotation.abort", recordId, rotationId,
            (session, ct) => GuardedStepAsync(session, requestId, recordId, rotationId,
                RecordUpdates.Abort(reason, context.Now), audit, ct),
            cancellationToken);

    public Task<PasswordRecord?> ClaimAsync(string recordId, string newOwner, DateTimeOffset now,
        DateTimeOffset newLeaseExpiresAt, AuditDraft audit, CancellationToken cancellationToken) =>
        context.Transactions.RunAsync<PasswordRecord?>(async (session, ct) =>
        {
            // One conditional update: of concurrent claimants only the first matches an expired lease; the others
            // conflict on the document, run again, and then see the new lease (no match: null).
            var document = await c.Records.FindOneAndUpdateAsync(session, RecordFilters.LeaseExpired(recordId, now),
                RecordUpdates.Claim(newOwner, newLeaseExpiresAt, context.Now), ReturnAfter, ct);
            if (document is null)
            {
                return await c.Records.Find(session, RecordFilters.ById(recordId)).AnyAsync(ct)
                    ? null
                    : throw RecordRefusals.NotFound(recordId);
            }

            await context.Audit.AppendAsync(session, MongoRecordStore.For(audit, document), null, ct);
            return RecordDocumentMapper.ToModel(document);
        }, cancellationToken);

    public async Task<PasswordRecord> RenewLeaseAsync(string recordId, string rotationId, string owner,
        DateTimeOffset newLeaseExpiresAt, CancellationToken cancellationToken)
    {
        // No audit event and a single document: no transaction needed.
        var document = await c.Records.FindOneAndUpdateAsync(RecordFilters.HasRotationOwnedBy(recordId, rotationId, owner),
            RecordUpdates.RenewLease(newLeaseExpiresAt), ReturnAfter, cancellationToken);
        if (document is not null)
        {
            return RecordDocumentMapper.ToModel(document);
        }

        var current = await c.Records.Find(RecordFilters.ById(recordId)).FirstOrDefaultAsync(cancellationToken);
        throw RecordRefusals.ForRenewal(current, recordId, rotationId, owner);
    }

    public Task<PasswordRecord> MarkOutOfSyncAsync(string recordId, string rotationId, string reason,
        DateTimeOffset leaseExpiresAt, AuditDraft audit, CancellationToken cancellationToken) =>
        context.Transactions.RunAsync(async (session, ct) =>
        {
            var document = await GuardedStepAsync(session, null, recordId, rotationId,
                RecordUpdates.MarkOutOfSync(reason, leaseExpiresAt, context.Now), audit, ct);
            return RecordDocumentMapper.ToModel(document);
        }, cancellationToken);

    public Task<Page<PasswordRecord>> ListPendingAsync(DateTimeOffset? expiredAt, PageRequest page,
        CancellationToken cancellationToken)
    {
        var scope = KeysetPager.Scope("pending", expiredAt?.ToUnixTimeMilliseconds().ToString());
        var filter = RecordFilters.Pending(expiredAt);
        if (PageTokens.Decode(page.PageToken, scope) is { } after)
        {
            filter &= RecordFilters.PendingAfter(after["lease"].ToUniversalTime(), after["id"].AsString);
        }

        return KeysetPager.ReadAsync(c.Records, filter, RecordFilters.ByLeaseExpiry(), page, scope,
            d => new BsonDocument { { "lease", d.Pending!.LeaseExpiresAt }, { "id", d.Id } },
            RecordDocumentMapper.ToModel, cancellationToken);
    }

    /// <summary>A step allowed only for the record's own pending rotation, with its audit event.</summary>
    private async Task<RecordDocument> GuardedStepAsync(IClientSessionHandle session, string? requestId,
        string recordId, string rotationId, UpdateDefinition<RecordDocument> update, AuditDraft audit,
        CancellationToken ct)
    {
        var document = await c.Records.FindOneAndUpdateAsync(session, RecordFilters.HasRotation(recordId, rotationId),
                update, ReturnAfter, ct)
            ?? throw RecordRefusals.ForRotation(await LoadAsync(session, recordId, ct), recordId, rotationId);
        await context.Audit.AppendAsync(session, MongoRecordStore.For(audit, document), requestId, ct);
        return document;
    }

    /// <summary>
    /// Runs a journal step under a request id: a repeat returns the record as the first call left it (a snapshot kept
    /// with the request id), except for its wrapped data key, which is the current one: a KEK rotation since then
    /// may have re-wrapped it, and the old wrapping may no longer be decryptable.
    /// </summary>
    private async Task<PasswordRecord> IdempotentStepAsync(string requestId, string operation, string recordId,
        string rotationId, Func<IClientSessionHandle, CancellationToken, Task<RecordDocument>> step,
        CancellationToken cancellationToken)
    {
        var document = await context.RunIdempotentAsync(requestId, operation, IdempotentWrites.Fingerprint(recordId, rotationId),
            step,
            updated => updated.ToBsonDocument(),
            async (session, snapshot, ct) =>
            {
                var first = BsonSerializer.Deserialize<RecordDocument>(snapshot);
                var current = await LoadAsync(session, recordId, ct);
                if (current is not null)
                {
                    first.DataKey = current.DataKey;
                }

                return first;
            },
            cancellationToken);
        return RecordDocumentMapper.ToModel(document);
    }

    private Task<RecordDocument?> LoadAsync(IClientSessionHandle session, string id, CancellationToken ct) =>
        c.Records.Find(session, RecordFilters.ById(id)).FirstOrDefaultAsync(ct)!;
}
