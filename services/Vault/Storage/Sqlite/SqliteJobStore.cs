using Microsoft.Data.Sqlite;
using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Sqlite;

internal sealed class SqliteJobStore(SqliteDatabase database) : IJobStore
{
    private const string Columns =
        """
        id, kind, list_id, options_json, state, created_by, owner, lease_expires_at, total_items, succeeded_items,
        failed_items, skipped_items, cancel_requested, version, created_at, updated_at, finished_at
        """;

    private const string Unfinished = "state IN (0, 1)";

    public Task<BulkJob> CreateAsync(string requestId, BulkJob job, IReadOnlyList<string> recordIds, AuditDraft audit,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            const string operation = "job.create";
            var fingerprint = job.Kind + "\n" + job.ListId;
            if (await Idempotency.FindAsync(s, requestId, operation, fingerprint, cancellationToken) is { } first)
            {
                return await GetAsync(s, first.ResultRef, cancellationToken)
                    ?? throw StoreErrors.NotFound("Job", first.ResultRef);
            }

            var items = recordIds.Distinct(StringComparer.Ordinal).ToList();
            var created = job with
            {
                State = JobState.Queued,
                Owner = "",
                LeaseExpiresAt = null,
                TotalItems = items.Count,
                SucceededItems = 0,
                FailedItems = 0,
                SkippedItems = 0,
                CancelRequested = false,
                Version = 1,
                CreatedAt = s.Now,
                UpdatedAt = s.Now,
                FinishedAt = null,
            };
            await SqliteConstraints.UniqueAsync(() => s.ExecuteAsync(
                $"""
                INSERT INTO jobs ({Columns})
                VALUES (@id, @kind, @list, @options, @state, @created_by, '', NULL, @total, 0, 0, 0, 0, 1, @now, @now,
                    NULL)
                """, cancellationToken,
                ("@id", created.Id), ("@kind", created.Kind), ("@list", created.ListId), ("@options", created.OptionsJson),
                ("@state", (long)created.State), ("@created_by", created.CreatedBy), ("@total", created.TotalItems),
                ("@now", SqliteValues.ToDb(s.Now))), $"Job '{job.Id}' already exists.");
            foreach (var recordId in items)
            {
                await s.ExecuteAsync(
                    """
                    INSERT INTO job_items (job_id, record_id, status, reason, detail, rotation_id, completed_at)
                    VALUES (@job, @record, 0, '', '', '', NULL)
                    """, cancellationToken, ("@job", created.Id), ("@record", recordId));
            }

            await s.AppendAuditAsync(audit.ForList(job.ListId), requestId, cancellationToken);
            await Idempotency.RecordAsync(s, requestId, operation, fingerprint, created.Id, null, cancellationToken);
            return created;
        }, cancellationToken);

    public Task<BulkJob?> GetAsync(string id, CancellationToken cancellationToken) =>
        database.ReadAsync(s => GetAsync(s, id, cancellationToken), cancellationToken);

    public Task<Page<BulkJob>> ListAsync(string? listId, PageRequest page, CancellationToken cancellationToken) =>
        database.ReadAsync(async s =>
        {
            var fingerprint = PageTokens.Fingerprint("jobs", listId);
            var after = PageTokens.Decode(page.PageToken, fingerprint, 1);
            var filter = new SqlFilter().WhereIf(listId, "list_id = @list", "@list")
                .WhereIf(after?[0], "id > @after", "@after");
            var rows = await s.QueryAsync($"SELECT {Columns} FROM jobs {filter.Sql} ORDER BY id LIMIT @limit", Map,
                cancellationToken, filter.Parameters(("@limit", page.EffectiveSize + 1)));
            return PageTokens.ToPage(rows, page.EffectiveSize, fingerprint, j => [j.Id]);
        }, cancellationToken);

    public Task<Page<JobItem>> ListItemsAsync(string jobId, JobItemStatus? status, PageRequest page,
        CancellationToken cancellationToken) =>
        database.ReadAsync(async s =>
        {
            var fingerprint = PageTokens.Fingerprint("job-items", jobId, status?.ToString());
            var after = PageTokens.Decode(page.PageToken, fingerprint, 1);
            var filter = new SqlFilter().Where("job_id = @job", ("@job", jobId))
                .WhereIf((long?)status, "status = @status", "@status")
                .WhereIf(after?[0], "record_id > @after", "@after");
            var rows = await s.QueryAsync(
                $"""
                SELECT job_id, record_id, status, reason, detail, rotation_id, completed_at FROM job_items
                {filter.Sql} ORDER BY record_id LIMIT @limit
                """, MapItem, cancellationToken, filter.Parameters(("@limit", page.EffectiveSize + 1)));
            return PageTokens.ToPage(rows, page.EffectiveSize, fingerprint, i => [i.RecordId]);
        }, cancellationToken);

    public Task<BulkJob?> ClaimAsync(string jobId, string owner, DateTimeOffset now, DateTimeOffset leaseExpiresAt,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            // One conditional UPDATE decides the winner, also against another process on the same file.
            var claimed = await s.ExecuteAsync(
                $"""
                UPDATE jobs SET owner = @owner, lease_expires_at = @lease, state = 1, version = version + 1,
                    updated_at = @updated
                WHERE id = @id AND {Unfinished}
                    AND (owner = '' OR owner = @owner OR lease_expires_at IS NULL OR lease_expires_at <= @now)
                """, cancellationToken,
                ("@id", jobId), ("@owner", owner), ("@lease", SqliteValues.ToDb(leaseExpiresAt)),
                ("@updated", SqliteValues.ToDb(s.Now)), ("@now", SqliteValues.ToDb(now)));
            var job = await GetAsync(s, jobId, cancellationToken) ?? throw StoreErrors.NotFound("Job", jobId);
            return claimed == 1 ? job : null;
        }, cancellationToken);

    public Task<IReadOnlyList<BulkJob>> ListClaimableAsync(DateTimeOffset now, int max,
        CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<BulkJob>>(async s => await s.QueryAsync(
            $"""
            SELECT {Columns} FROM jobs
            WHERE {Unfinished} AND (owner = '' OR lease_expires_at IS NULL OR lease_expires_at <= @now)
            ORDER BY created_at, id LIMIT @max
            """, Map, cancellationToken, ("@now", SqliteValues.ToDb(now)), ("@max", Math.Max(max, 0))),
            cancellationToken);

    public Task SetItemRotationAsync(string jobId, string recordId, string owner, string rotationId,
        CancellationToken cancellationToken) =>
        database.WriteAsync(s => SetItemRotationAsync(s, jobId, recordId, owner, rotationId, cancellationToken),
            cancellationToken);

    /// <summary>The note inside a caller's transaction (the rotation journal's batch begin writes it with the begin).</summary>
    internal static async Task<bool> SetItemRotationAsync(WriteSession s, string jobId, string recordId, string owner,
        string rotationId, CancellationToken cancellationToken)
    {
        await RequireOwnerAsync(s, jobId, owner, cancellationToken);
        var changed = await s.ExecuteAsync(
            "UPDATE job_items SET rotation_id = @rotation WHERE job_id = @job AND record_id = @record",
            cancellationToken, ("@rotation", rotationId), ("@job", jobId), ("@record", recordId));
        return changed == 1 ? true : throw StoreErrors.NotFound($"Item of job '{jobId}' for record", recordId);
    }

    public Task<BulkJob> RecordItemAsync(string jobId, string owner, JobItem outcome,
        CancellationToken cancellationToken) =>
        database.WriteAsync(s => RecordItemAsync(s, jobId, owner, outcome, cancellationToken), cancellationToken);

    /// <summary>The outcome inside a caller's transaction, and the job as it is after it.</summary>
    internal static async Task<BulkJob> RecordItemAsync(WriteSession s, string jobId, string owner, JobItem outcome,
        CancellationToken cancellationToken)
    {
        await RecordItemOutcomeAsync(s, jobId, owner, outcome, cancellationToken);
        return (await GetAsync(s, jobId, cancellationToken))!;
    }

    /// <summary>
    /// The outcome inside a caller's transaction (the rotation journal's batch commit writes it with the commit,
    /// once per record, and has no use for the job itself: it is not read back).
    /// </summary>
    internal static async Task RecordItemOutcomeAsync(WriteSession s, string jobId, string owner, JobItem outcome,
        CancellationToken cancellationToken)
    {
        if (outcome.Status == JobItemStatus.Pending)
        {
            throw new ArgumentException("An item's outcome must be final (succeeded, failed or skipped).",
                nameof(outcome));
        }

        await RequireOwnerAsync(s, jobId, owner, cancellationToken);
        // Only a pending item becomes final, so a repeated outcome is never counted twice.
        var changed = await s.ExecuteAsync(
            """
                UPDATE job_items SET status = @status, reason = @reason, detail = @detail,
                    rotation_id = CASE WHEN @rotation = '' THEN rotation_id ELSE @rotation END, completed_at = @completed
                WHERE job_id = @job AND record_id = @record AND status = 0
                """, cancellationToken,
            ("@status", (long)outcome.Status), ("@reason", outcome.Reason), ("@detail", outcome.Detail),
            ("@rotation", outcome.RotationId), ("@completed", SqliteValues.ToDb(outcome.CompletedAt ?? s.Now)),
            ("@job", jobId), ("@record", outcome.RecordId));
        if (changed == 0)
        {
            if (await s.ScalarAsync("SELECT 1 FROM job_items WHERE job_id = @job AND record_id = @record",
                    cancellationToken, ("@job", jobId), ("@record", outcome.RecordId)) is null)
            {
                throw StoreErrors.NotFound($"Item of job '{jobId}' for record", outcome.RecordId);
            }

            return;
        }

        var counter = outcome.Status switch
        {
            JobItemStatus.Succeeded => "succeeded_items",
            JobItemStatus.Failed => "failed_items",
            _ => "skipped_items",
        };
        await s.ExecuteAsync(
            $"UPDATE jobs SET {counter} = {counter} + 1, version = version + 1, updated_at = @now WHERE id = @id",
            cancellationToken, ("@now", SqliteValues.ToDb(s.Now)), ("@id", jobId));
    }

    public Task<BulkJob> FinishAsync(string jobId, string owner, JobState finalState, DateTimeOffset finishedAt,
        AuditDraft audit, CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            if (finalState is JobState.Queued or JobState.Running)
            {
                throw new ArgumentException("A job finishes as Completed, Cancelled or Failed.", nameof(finalState));
            }

            var stored = await GetAsync(s, jobId, cancellationToken) ?? throw StoreErrors.NotFound("Job", jobId);
            if (stored.State == finalState && stored.FinishedAt is not null)
            {
                return stored;
            }

            await RequireOwnedAsync(s, jobId, owner, cancellationToken);
            await s.ExecuteAsync(
                """
                UPDATE jobs SET state = @state, finished_at = @finished, owner = '', lease_expires_at = NULL,
                    version = version + 1, updated_at = @now
                WHERE id = @id
                """, cancellationToken, ("@state", (long)finalState), ("@finished", SqliteValues.ToDb(finishedAt)),
                ("@now", SqliteValues.ToDb(s.Now)), ("@id", jobId));
            await s.AppendAuditAsync(audit.ForList(stored.ListId), null, cancellationToken);
            return (await GetAsync(s, jobId, cancellationToken))!;
        }, cancellationToken);

    public Task<BulkJob> RequestCancelAsync(string jobId, AuditDraft audit, CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var stored = await GetAsync(s, jobId, cancellationToken) ?? throw StoreErrors.NotFound("Job", jobId);
            if (stored.CancelRequested || stored.State is not (JobState.Queued or JobState.Running))
            {
                return stored;
            }

            await s.ExecuteAsync(
                "UPDATE jobs SET cancel_requested = 1, version = version + 1, updated_at = @now WHERE id = @id",
                cancellationToken, ("@now", SqliteValues.ToDb(s.Now)), ("@id", jobId));
            await s.AppendAuditAsync(audit.ForList(stored.ListId), null, cancellationToken);
            return (await GetAsync(s, jobId, cancellationToken))!;
        }, cancellationToken);

    private static async Task<BulkJob> RequireOwnedAsync(SqlSession s, string jobId, string owner,
        CancellationToken cancellationToken)
    {
        var job = await GetAsync(s, jobId, cancellationToken) ?? throw StoreErrors.NotFound("Job", jobId);
        if (job.Owner.Length == 0 || job.Owner != owner)
        {
            throw new StoreException(StoreError.LeaseHeld, $"Job '{jobId}' is not held by this instance; claim it first.");
        }

        return job;
    }

    /// <summary>
    /// The same refusals as <see cref="RequireOwnedAsync"/> from the owner column alone: a batch checks it once per
    /// record and needs nothing else of the job.
    /// </summary>
    internal static async Task RequireOwnerAsync(SqlSession s, string jobId, string owner,
        CancellationToken cancellationToken)
    {
        var stored = await s.ScalarAsync("SELECT owner FROM jobs WHERE id = @id", cancellationToken, ("@id", jobId))
            ?? throw StoreErrors.NotFound("Job", jobId);
        if (stored is not string holder || holder.Length == 0 || holder != owner)
        {
            throw new StoreException(StoreError.LeaseHeld, $"Job '{jobId}' is not held by this instance; claim it first.");
        }
    }

    private static Task<BulkJob?> GetAsync(SqlSession s, string id, CancellationToken cancellationToken) =>
        s.QuerySingleAsync($"SELECT {Columns} FROM jobs WHERE id = @id", Map, cancellationToken, ("@id", id));

    private static BulkJob Map(SqliteDataReader r) => new()
    {
        Id = r.Text("id"),
        Kind = r.Text("kind"),
        ListId = r.Text("list_id"),
        OptionsJson = r.Text("options_json"),
        State = (JobState)r.Long("state"),
        CreatedBy = r.Text("created_by"),
        Owner = r.Text("owner"),
        LeaseExpiresAt = r.NullableTime("lease_expires_at"),
        TotalItems = r.Int("total_items"),
        SucceededItems = r.Int("succeeded_items"),
        FailedItems = r.Int("failed_items"),
        SkippedItems = r.Int("skipped_items"),
        CancelRequested = r.Bool("cancel_requested"),
        Version = r.Long("version"),
        CreatedAt = r.Time("created_at"),
        UpdatedAt = r.Time("updated_at"),
        FinishedAt = r.NullableTime("finished_at"),
    };

    private static JobItem MapItem(SqliteDataReader r) => new()
    {
        JobId = r.Text("job_id"),
        RecordId = r.Text("record_id"),
        Status = (JobItemStatus)r.Long("status"),
        Reason = r.Text("reason"),
        Detail = r.Text("detail"),
        RotationId = r.Text("rotation_id"),
        CompletedAt = r.NullableTime("completed_at"),
    };
}
