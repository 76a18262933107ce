using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// The rotation journal on the records table. Every step is one write transaction; with synchronous=FULL the commit
/// of <see cref="BeginAsync"/> is fsync'd before it returns, so the pending password is durable before any directory
/// is touched.
/// </summary>
internal sealed class SqliteRotationJournal(SqliteDatabase database) : IRotationJournal
{
    public Task<PasswordRecord> BeginAsync(string requestId, string recordId, PendingRotation pending,
        AuditDraft audit, CancellationToken cancellationToken) =>
        database.WriteAsync(s => BeginInAsync(s, new BatchBegin(requestId, recordId, pending, audit), cancellationToken),
            cancellationToken);

    public Task<PasswordRecord> CommitAsync(string requestId, string recordId, string rotationId,
        RotationCommit commit, AuditDraft audit, CancellationToken cancellationToken) =>
        database.WriteAsync(s => CommitInAsync(s, new BatchCommit(requestId, recordId, rotationId, commit, audit),
            cancellationToken), cancellationToken);

    public Task<IReadOnlyList<BatchOutcome>> BeginManyAsync(IReadOnlyList<BatchBegin> steps, JobItemNote? job,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var items = job is null ? null : new JobItemBatch(s, job);
            return await SqliteBatch.RunAsync(s, steps,
                step => BeginInAsync(s, step, cancellationToken),
                // A rotation the job cannot note is not begun: otherwise a crash could leave it unknown to the job.
                items is null ? null : step => items.NoteRotationAsync(step.RecordId, step.Pending.RotationId,
                    cancellationToken),
                jobUpdateRequired: true, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<BatchOutcome>> CommitManyAsync(IReadOnlyList<BatchCommit> steps, JobItemNote? job,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var items = job is null ? null : new JobItemBatch(s, job);
            var outcomes = await SqliteBatch.RunAsync(s, steps,
                step => CommitInAsync(s, step, cancellationToken),
                items is null ? null : step => items.RecordSucceededAsync(step.RecordId, step.RotationId,
                    cancellationToken),
                // A committed rotation stands even when the job's bookkeeping cannot follow (its lease moved on).
                jobUpdateRequired: false, cancellationToken);
            if (items is not null)
            {
                await items.CountSucceededAsync(cancellationToken);
            }

            return outcomes;
        }, cancellationToken);

    private static Task<PasswordRecord> BeginInAsync(WriteSession s, BatchBegin step,
        CancellationToken cancellationToken)
    {
        var (requestId, recordId, pending, audit) = step;
        return IdempotentInAsync(s, requestId, "rotation.begin", recordId, pending.RotationId, async () =>
        {
            var stored = await RecordRows.GetLiveAsync(s, recordId, cancellationToken);
            if (stored.Pending is { } existing)
            {
                if (existing.RotationId != pending.RotationId)
                {
                    throw new StoreException(StoreError.RotationPending,
                        $"Record '{recordId}' already has rotation '{existing.RotationId}' in progress.");
                }

                return stored;
            }

            return await SaveStepAsync(s, stored with { Pending = pending with { ClaimCount = 0 } }, audit, requestId,
                cancellationToken);
        }, cancellationToken);
    }

    private static Task<PasswordRecord> CommitInAsync(WriteSession s, BatchCommit step,
        CancellationToken cancellationToken)
    {
        var (requestId, recordId, rotationId, commit, audit) = step;
        return IdempotentInAsync(s, requestId, "rotation.commit", recordId, rotationId, async () =>
        {
            var stored = await RequirePendingAsync(s, recordId, rotationId, cancellationToken);
            if (commit.Previous is not null)
            {
                await RecordRows.InsertHistoryAsync(s, recordId, commit.Previous, cancellationToken);
            }

            return await SaveStepAsync(s, stored with
            {
                SealedPassword = commit.SealedNewPassword,
                PasswordChangedAt = commit.CommittedAt,
                Pending = null,
                SyncState = SyncState.InSync,
                SyncReason = "",
                LastSyncedAt = commit.CommittedAt,
                LastVerifiedAt = commit.CommittedAt,
                DirectoryPasswordLastSet = commit.DirectoryPasswordLastSet,
            }, audit, requestId, cancellationToken);
        }, cancellationToken);
    }

    public Task<PasswordRecord> AbortAsync(string requestId, string recordId, string rotationId, string reason,
        AuditDraft audit, CancellationToken cancellationToken) =>
        database.WriteAsync(s => IdempotentInAsync(s, requestId, "rotation.abort", recordId, rotationId, async () =>
        {
            var stored = await RequirePendingAsync(s, recordId, rotationId, cancellationToken);
            return await SaveStepAsync(s, stored with { Pending = null, SyncReason = reason }, audit, requestId,
                cancellationToken);
        }, cancellationToken), cancellationToken);

    public Task<PasswordRecord?> ClaimAsync(string recordId, string newOwner, DateTimeOffset now,
        DateTimeOffset newLeaseExpiresAt, AuditDraft audit, CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            // One conditional UPDATE decides the winner: a second claimant (this process or another one on the same
            // file) sees the new lease and matches no row.
            var claimed = await s.ExecuteAsync(
                """
                UPDATE records SET pending_owner = @owner, pending_lease_expires_at = @lease,
                    pending_claim_count = pending_claim_count + 1, version = version + 1, updated_at = @updated
                WHERE id = @id AND deleted_at IS NULL AND pending_rotation_id IS NOT NULL
                    AND pending_lease_expires_at <= @now
                """, cancellationToken,
                ("@id", recordId), ("@owner", newOwner), ("@lease", SqliteValues.ToDb(newLeaseExpiresAt)),
                ("@updated", SqliteValues.ToDb(s.Now)), ("@now", SqliteValues.ToDb(now)));
            var record = await RecordRows.GetAsync(s, recordId, cancellationToken)
                ?? throw StoreErrors.NotFound("Record", recordId);
            if (claimed == 0)
            {
                return null;
            }

            await s.AppendAuditAsync(audit.ForRecord(record.ListId, recordId), null, cancellationToken);
            return record;
        }, cancellationToken);

    public Task<PasswordRecord> RenewLeaseAsync(string recordId, string rotationId, string owner,
        DateTimeOffset newLeaseExpiresAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var stored = await RequirePendingAsync(s, recordId, rotationId, cancellationToken);
            if (stored.Pending!.Owner != owner)
            {
                throw new StoreException(StoreError.LeaseHeld,
                    $"Rotation '{rotationId}' of record '{recordId}' is held by another owner.");
            }

            // Not a change a user edits against: no version bump, no audit event.
            await s.ExecuteAsync(
                "UPDATE records SET pending_lease_expires_at = @lease WHERE id = @id AND pending_rotation_id = @rotation",
                cancellationToken, ("@lease", SqliteValues.ToDb(newLeaseExpiresAt)), ("@id", recordId),
                ("@rotation", rotationId));
            return await RecordRows.GetAsync(s, recordId, cancellationToken) ?? throw StoreErrors.NotFound("Record", recordId);
        }, cancellationToken);

    public Task<PasswordRecord> MarkOutOfSyncAsync(string recordId, string rotationId, string reason,
        DateTimeOffset leaseExpiresAt, AuditDraft audit, CancellationToken cancellationToken) =>
        database.WriteAsync(async s =>
        {
            var stored = await RequirePendingAsync(s, recordId, rotationId, cancellationToken);
            return await SaveStepAsync(s, stored with
            {
                SyncState = SyncState.OutOfSync,
                SyncReason = reason,
                Pending = stored.Pending! with { LeaseExpiresAt = leaseExpiresAt },
            }, audit, null, cancellationToken);
        }, cancellationToken);

    public Task<Page<PasswordRecord>> ListPendingAsync(DateTimeOffset? expiredAt, PageRequest page,
        CancellationToken cancellationToken) =>
        database.ReadAsync(async s =>
        {
            var expired = expiredAt is { } e ? SqliteValues.ToDb(e) : (long?)null;
            var fingerprint = PageTokens.Fingerprint("pending", expired?.ToString());
            var after = PageTokens.Decode(page.PageToken, fingerprint, 2);
            var filter = new SqlFilter().Where("pending_rotation_id IS NOT NULL")
                .WhereIf(expired, "pending_lease_expires_at <= @expired", "@expired");
            if (after is not null)
            {
                filter.Where("(pending_lease_expires_at, id) > (@afterLease, @afterId)",
                    ("@afterLease", PageTokens.Number(after[0])), ("@afterId", after[1]));
            }

            var rows = await s.QueryAsync(
                $"""
                SELECT {RecordRows.Columns} FROM records {filter.Sql}
                ORDER BY pending_lease_expires_at, id LIMIT @limit
                """, RecordRows.Map, cancellationToken, filter.Parameters(("@limit", page.EffectiveSize + 1)));
            return PageTokens.ToPage(rows, page.EffectiveSize, fingerprint,
                r => [SqliteValues.ToDb(r.Pending!.LeaseExpiresAt).ToString(), r.Id]);
        }, cancellationToken);

    private static async Task<PasswordRecord> RequirePendingAsync(WriteSession s, string recordId, string rotationId,
        CancellationToken cancellationToken)
    {
        var stored = await RecordRows.GetLiveAsync(s, recordId, cancellationToken);
        if (stored.Pending?.RotationId != rotationId)
        {
            throw new StoreException(StoreError.RotationMismatch, stored.Pending is null
                ? $"Record '{recordId}' has no rotation in progress (rotation '{rotationId}' already finished or never began)."
                : $"Record '{recordId}' is in rotation '{stored.Pending.RotationId}', not '{rotationId}'.");
        }

        return stored;
    }

    /// <summary>
    /// Writes a journal step's change (rotation columns only: see <see cref="RecordRows.WriteRotationAsync"/>) with
    /// the next version and its audit event.
    /// </summary>
    private static async Task<PasswordRecord> SaveStepAsync(WriteSession s, PasswordRecord changed, AuditDraft audit,
        string? requestId, CancellationToken cancellationToken)
    {
        var saved = RecordRows.Normalised(changed with { Version = changed.Version + 1, UpdatedAt = s.Now });
        if (await RecordRows.WriteRotationAsync(s, saved, cancellationToken) != 1)
        {
            // Unreachable while writes hold the database's write lock; kept so a lost update can never pass silently.
            throw StoreErrors.VersionConflict("Record", saved.Id, changed.Version, -1);
        }

        await s.AppendAuditAsync(audit.ForRecord(saved.ListId, saved.Id), requestId, cancellationToken);
        return saved;
    }

    /// <summary>
    /// Runs a journal step once per request id: a repeat returns the record exactly as the first attempt returned it
    /// (with the record's current wrapped data key, which may have been re-wrapped since by a KEK rotation).
    /// </summary>
    private static async Task<PasswordRecord> IdempotentInAsync(WriteSession s, string requestId, string operation,
        string recordId, string rotationId, Func<Task<PasswordRecord>> step, CancellationToken cancellationToken)
    {
        var fingerprint = recordId + "\n" + rotationId;
        var first = await Idempotency.FindAsync(s, requestId, operation, fingerprint, cancellationToken);
        if (first?.Snapshot is { } snapshot)
        {
            var replay = RecordSnapshot.Read(recordId, snapshot);
            var current = await RecordRows.GetAsync(s, recordId, cancellationToken);
            return current is null ? replay : replay with { DataKey = current.DataKey };
        }

        var record = await step();
        await Idempotency.RecordAsync(s, requestId, operation, fingerprint, recordId, RecordSnapshot.Write(record),
            cancellationToken);
        return record;
    }
}
