using MongoDB.Bson;
using MongoDB.Driver;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage.Mongo.Documents;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Storage.Mongo;

internal sealed class MongoJobStore(MongoStoreContext context) : IJobStore
{
    private static readonly FindOneAndUpdateOptions<JobDocument> ReturnAfter =
        new() { ReturnDocument = ReturnDocument.After };

    private readonly VaultCollections c = context.Collections;

    public async Task<BulkJob> CreateAsync(string requestId, BulkJob job, IReadOnlyList<string> recordIds,
        AuditDraft audit, CancellationToken cancellationToken)
    {
        var distinct = recordIds.Distinct(StringComparer.Ordinal).ToList();
        // A retry after a lost reply may carry a freshly generated job id or a re-read selection: the request id,
        // the kind and the list identify the request.
        var jobId = await context.RunIdempotentAsync(requestId, "job.create", IdempotentWrites.Fingerprint(job.Kind, job.ListId),
            async (session, ct) =>
            {
                var now = context.Now;
                var document = JobDocumentMapper.ToDocument(job with
                {
                    State = JobState.Queued,
                    Owner = "",
                    LeaseExpiresAt = null,
                    TotalItems = distinct.Count,
                    SucceededItems = 0,
                    FailedItems = 0,
                    SkippedItems = 0,
                    CancelRequested = false,
                    Version = 1,
                    CreatedAt = now,
                    UpdatedAt = now,
                    FinishedAt = null,
                });
                try
                {
                    await c.Jobs.InsertOneAsync(session, document, cancellationToken: ct);
                    if (distinct.Count > 0)
                    {
                        await c.JobItems.InsertManyAsync(session,
                            distinct.Select(r => JobDocumentMapper.ToDocument(new JobItem { JobId = job.Id, RecordId = r })),
                            cancellationToken: ct);
                    }
                }
                catch (MongoException e) when (MongoErrors.IsDuplicateKey(e))
                {
                    throw new StoreException(StoreError.AlreadyExists, $"Job '{job.Id}' already exists.");
                }

                var draft = audit.ListId.Length == 0 ? audit with { ListId = job.ListId } : audit;
                await context.Audit.AppendAsync(session, draft, requestId, ct);
                return job.Id;
            },
            id => new BsonDocument("job_id", id),
            (_, first, _) => Task.FromResult(first["job_id"].AsString),
            cancellationToken);
        return await GetAsync(jobId, cancellationToken)
            ?? throw new StoreException(StoreError.NotFound, $"Job '{jobId}' does not exist any more.");
    }

    public async Task<BulkJob?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var document = await c.Jobs.Find(JobFilters.ById(id)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : JobDocumentMapper.ToModel(document);
    }

    public Task<Page<BulkJob>> ListAsync(string? listId, PageRequest page, CancellationToken cancellationToken)
    {
        var scope = KeysetPager.Scope("jobs", listId);
        var after = PageTokens.Decode(page.PageToken, scope)?["id"].AsString;
        return KeysetPager.ReadAsync(c.Jobs, JobFilters.Page(listId, after), JobFilters.ById(), page, scope,
            d => new BsonDocument("id", d.Id), JobDocumentMapper.ToModel, cancellationToken);
    }

    public Task<Page<JobItem>> ListItemsAsync(string jobId, JobItemStatus? status, PageRequest page,
        CancellationToken cancellationToken)
    {
        var scope = KeysetPager.Scope("job_items", jobId, status?.ToString());
        var after = PageTokens.Decode(page.PageToken, scope)?["record_id"].AsString;
        return KeysetPager.ReadAsync(c.JobItems, JobItemFilters.Page(jobId, status, after), JobItemFilters.ByRecordId(),
            page, scope, d => new BsonDocument("record_id", d.RecordId), JobDocumentMapper.ToModel, cancellationToken);
    }

    public async Task<BulkJob?> ClaimAsync(string jobId, string owner, DateTimeOffset now, DateTimeOffset leaseExpiresAt,
        CancellationToken cancellationToken)
    {
        // One conditional update: exactly one of concurrent claimants matches a free or expired lease.
        var document = await c.Jobs.FindOneAndUpdateAsync(JobFilters.ClaimableBy(jobId, owner, now),
            JobFilters.Claim(owner, context.Now, leaseExpiresAt), ReturnAfter, cancellationToken);
        if (document is not null)
        {
            return JobDocumentMapper.ToModel(document);
        }

        return await c.Jobs.Find(JobFilters.ById(jobId)).AnyAsync(cancellationToken) ? null : throw JobNotFound(jobId);
    }

    public async Task<IReadOnlyList<BulkJob>> ListClaimableAsync(DateTimeOffset now, int max,
        CancellationToken cancellationToken)
    {
        var documents = await c.Jobs.Find(JobFilters.Claimable(now)).Sort(JobFilters.OldestFirst())
            .Limit(Math.Clamp(max, 1, PageRequest.MaxSize)).ToListAsync(cancellationToken);
        return [.. documents.Select(JobDocumentMapper.ToModel)];
    }

    public Task SetItemRotationAsync(string jobId, string recordId, string owner, string rotationId,
        CancellationToken cancellationToken) =>
        context.Transactions.RunAsync(async (session, ct) =>
        {
            await RequireOwnerAsync(session, jobId, owner, ct);
            var updated = await c.JobItems.UpdateOneAsync(session, JobItemFilters.Item(jobId, recordId),
                JobItemFilters.Rotation(rotationId), cancellationToken: ct);
            return updated.MatchedCount == 1
                ? true
                : throw new StoreException(StoreError.NotFound, $"Job '{jobId}' has no item for record '{recordId}'.");
        }, cancellationToken);

    public Task<BulkJob> RecordItemAsync(string jobId, string owner, JobItem outcome,
        CancellationToken cancellationToken)
    {
        if (outcome.Status == JobItemStatus.Pending)
        {
            throw new ArgumentException("An item's recorded outcome must be final (Succeeded, Failed or Skipped).",
                nameof(outcome));
        }

        return context.Transactions.RunAsync(async (session, ct) =>
        {
            var job = await RequireOwnerAsync(session, jobId, owner, ct);
            var now = context.Now;
            var item = await c.JobItems.UpdateOneAsync(session, JobItemFilters.PendingItem(jobId, outcome.RecordId),
                JobItemFilters.Outcome(outcome, now), cancellationToken: ct);
            if (item.MatchedCount == 0)
            {
                // Either no such item, or it is final already: then nothing is counted twice.
                return await c.JobItems.Find(session, JobItemFilters.Item(jobId, outcome.RecordId)).AnyAsync(ct)
                    ? JobDocumentMapper.ToModel(job)
                    : throw new StoreException(StoreError.NotFound,
                        $"Job '{jobId}' has no item for record '{outcome.RecordId}'.");
            }

            // The item and the job's counters commit together.
            var counted = await c.Jobs.FindOneAndUpdateAsync(session, JobFilters.OwnedBy(jobId, owner),
                JobFilters.CountItem(outcome.Status, now), ReturnAfter, ct);
            return JobDocumentMapper.ToModel(counted);
        }, cancellationToken);
    }

    public Task<BulkJob> FinishAsync(string jobId, string owner, JobState finalState, DateTimeOffset finishedAt,
        AuditDraft audit, CancellationToken cancellationToken)
    {
        if (finalState is not (JobState.Completed or JobState.Cancelled or JobState.Failed))
        {
            throw new ArgumentException("A job finishes as Completed, Cancelled or Failed.", nameof(finalState));
        }

        return context.Transactions.RunAsync(async (session, ct) =>
        {
            var current = await c.Jobs.Find(session, JobFilters.ById(jobId)).FirstOrDefaultAsync(ct)
                ?? throw JobNotFound(jobId);
            if (current.State == finalState && current.FinishedAt is not null)
            {
                // A repeated finish (a retry after a lost reply): already done, nothing changes.
                return JobDocumentMapper.ToModel(current);
            }

            var job = await RequireOwnerAsync(session, jobId, owner, ct);
            var finished = await c.Jobs.FindOneAndUpdateAsync(session, JobFilters.OwnedBy(jobId, owner),
                JobFilters.Finish(finalState, finishedAt, context.Now), ReturnAfter, ct);
            var draft = audit.ListId.Length == 0 ? audit with { ListId = job.ListId } : audit;
            await context.Audit.AppendAsync(session, draft, null, ct);
            return JobDocumentMapper.ToModel(finished);
        }, cancellationToken);
    }

    public Task<BulkJob> RequestCancelAsync(string jobId, AuditDraft audit, CancellationToken cancellationToken) =>
        context.Transactions.RunAsync(async (session, ct) =>
        {
            var job = await c.Jobs.Find(session, JobFilters.ById(jobId)).FirstOrDefaultAsync(ct)
                ?? throw JobNotFound(jobId);
            if (job.CancelRequested || IsFinished(job))
            {
                // Already asked, or nothing left to cancel: idempotent, no new event.
                return JobDocumentMapper.ToModel(job);
            }

            var requested = await c.Jobs.FindOneAndUpdateAsync(session, JobFilters.ById(jobId),
                JobFilters.RequestCancel(context.Now), ReturnAfter, ct);
            var draft = audit.ListId.Length == 0 ? audit with { ListId = job.ListId } : audit;
            await context.Audit.AppendAsync(session, draft, null, ct);
            return JobDocumentMapper.ToModel(requested);
        }, cancellationToken);

    /// <summary>The job, when <paramref name="owner"/> holds it; NotFound or LeaseHeld otherwise.</summary>
    private async Task<JobDocument> RequireOwnerAsync(IClientSessionHandle session, string jobId, string owner,
        CancellationToken ct)
    {
        var job = await c.Jobs.Find(session, JobFilters.ById(jobId)).FirstOrDefaultAsync(ct) ?? throw JobNotFound(jobId);
        return job.Owner == owner
            ? job
            : throw new StoreException(StoreError.LeaseHeld,
                $"Job '{jobId}' is not held by '{owner}' (another instance took it over, or it finished).");
    }

    private static bool IsFinished(JobDocument job) =>
        job.State is JobState.Completed or JobState.Cancelled or JobState.Failed;

    private static StoreException JobNotFound(string jobId) => new(StoreError.NotFound, $"Job '{jobId}' does not exist.");

}
