using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// The job bookkeeping of one batch of journal steps, inside the batch's write transaction: the job's owner is read
/// once for the batch (nothing else can change it before the transaction ends: it holds the write lock), and the
/// job's succeeded counter moves once by the number of items recorded, not once per item. Each item gets the same
/// refusal the one-item calls give (<see cref="SqliteJobStore.SetItemRotationAsync(WriteSession, string, string, string, string, CancellationToken)"/>,
/// <see cref="SqliteJobStore.RecordItemOutcomeAsync"/>).
/// </summary>
internal sealed class JobItemBatch(WriteSession s, JobItemNote job)
{
    private StoreException? ownerRefusal;
    private bool ownerChecked;
    private int succeeded;

    /// <summary>Notes a begun rotation's id on its item; refused when the job is not held by the batch's owner.</summary>
    public async Task<bool> NoteRotationAsync(string recordId, string rotationId, CancellationToken cancellationToken)
    {
        await RequireOwnerAsync(cancellationToken);
        var changed = await s.ExecuteAsync(
            "UPDATE job_items SET rotation_id = @rotation WHERE job_id = @job AND record_id = @record",
            cancellationToken, ("@rotation", rotationId), ("@job", job.JobId), ("@record", recordId));
        return changed == 1 ? true : throw StoreErrors.NotFound($"Item of job '{job.JobId}' for record", recordId);
    }

    /// <summary>
    /// Records a committed item as succeeded (only a pending item becomes final, so a repeat is never counted twice);
    /// the job's counter follows in <see cref="CountSucceededAsync"/>.
    /// </summary>
    public async Task<bool> RecordSucceededAsync(string recordId, string rotationId,
        CancellationToken cancellationToken)
    {
        await RequireOwnerAsync(cancellationToken);
        var changed = await s.ExecuteAsync(
            """
            UPDATE job_items SET status = @status, reason = '', detail = @detail,
                rotation_id = CASE WHEN @rotation = '' THEN rotation_id ELSE @rotation END, completed_at = @completed
            WHERE job_id = @job AND record_id = @record AND status = 0
            """, cancellationToken,
            ("@status", (long)JobItemStatus.Succeeded), ("@detail", job.Detail), ("@rotation", rotationId),
            ("@completed", SqliteValues.ToDb(s.Now)), ("@job", job.JobId), ("@record", recordId));
        if (changed == 1)
        {
            succeeded++;
        }
        else if (await s.ScalarAsync("SELECT 1 FROM job_items WHERE job_id = @job AND record_id = @record",
                     cancellationToken, ("@job", job.JobId), ("@record", recordId)) is null)
        {
            throw StoreErrors.NotFound($"Item of job '{job.JobId}' for record", recordId);
        }

        return true;
    }

    /// <summary>Adds the items recorded by <see cref="RecordSucceededAsync"/> to the job's counter, in one update.</summary>
    public async Task CountSucceededAsync(CancellationToken cancellationToken)
    {
        if (succeeded == 0)
        {
            return;
        }

        await s.ExecuteAsync(
            """
            UPDATE jobs SET succeeded_items = succeeded_items + @count, version = version + 1, updated_at = @now
            WHERE id = @id
            """, cancellationToken, ("@count", succeeded), ("@now", SqliteValues.ToDb(s.Now)), ("@id", job.JobId));
        succeeded = 0;
    }

    private async Task RequireOwnerAsync(CancellationToken cancellationToken)
    {
        if (!ownerChecked)
        {
            try
            {
                await SqliteJobStore.RequireOwnerAsync(s, job.JobId, job.Owner, cancellationToken);
            }
            catch (StoreException refused)
            {
                ownerRefusal = refused;
            }

            ownerChecked = true;
        }

        if (ownerRefusal is not null)
        {
            throw new StoreException(ownerRefusal.Error, ownerRefusal.Message);
        }
    }
}
