using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// Batches on MongoDB, item by item: each step is its own majority-acknowledged transaction, exactly the single
/// step's, so a batch is as durable as its items (but not faster). The job note comes BEFORE the begin (a rotation the
/// job cannot note is never begun; a note whose begin was then refused is settled as "never began"), and the job
/// record AFTER the commit (a commit stands even when the job's lease moved on).
/// Why not one multi-document transaction: every record is its own document guarded by its own filter, and one
/// refused item must not undo the others; a batched Mongo path is future work measured against a real replica set,
/// which cannot run on these machines.
/// </summary>
internal sealed class MongoRotationBatches(IRotationJournal journal, IJobStore jobs)
{
    public async Task<IReadOnlyList<BatchOutcome>> BeginManyAsync(IReadOnlyList<BatchBegin> steps, JobItemNote? job,
        CancellationToken cancellationToken)
    {
        var outcomes = new List<BatchOutcome>(steps.Count);
        foreach (var step in steps)
        {
            try
            {
                if (job is not null)
                {
                    await jobs.SetItemRotationAsync(job.JobId, step.RecordId, job.Owner, step.Pending.RotationId,
                        cancellationToken);
                }

                var record = await journal.BeginAsync(step.RequestId, step.RecordId, step.Pending, step.Audit,
                    cancellationToken);
                outcomes.Add(new BatchOutcome(record, null, job is not null));
            }
            catch (StoreException refused)
            {
                outcomes.Add(new BatchOutcome(null, refused, false));
            }
        }

        return outcomes;
    }

    public async Task<IReadOnlyList<BatchOutcome>> CommitManyAsync(IReadOnlyList<BatchCommit> steps, JobItemNote? job,
        CancellationToken cancellationToken)
    {
        var outcomes = new List<BatchOutcome>(steps.Count);
        foreach (var step in steps)
        {
            PasswordRecord record;
            try
            {
                record = await journal.CommitAsync(step.RequestId, step.RecordId, step.RotationId, step.Commit,
                    step.Audit, cancellationToken);
            }
            catch (StoreException refused)
            {
                outcomes.Add(new BatchOutcome(null, refused, false));
                continue;
            }

            outcomes.Add(new BatchOutcome(record, null, job is not null && await TryRecordAsync(step, job,
                record.UpdatedAt, cancellationToken)));
        }

        return outcomes;
    }

    private async Task<bool> TryRecordAsync(BatchCommit step, JobItemNote job, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        try
        {
            await jobs.RecordItemAsync(job.JobId, job.Owner, new JobItem
            {
                JobId = job.JobId,
                RecordId = step.RecordId,
                Status = JobItemStatus.Succeeded,
                Detail = job.Detail,
                RotationId = step.RotationId,
                CompletedAt = at,
            }, cancellationToken);
            return true;
        }
        catch (StoreException)
        {
            return false;
        }
    }
}
