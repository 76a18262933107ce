using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// Many journal steps in one write transaction (one fsync for the lot), each inside its own savepoint: a step the
/// store refuses is rolled back alone and reported, the others commit together. Anything but a store refusal (a bug,
/// a broken database) rolls back the whole transaction, as a single step would.
/// </summary>
internal static class SqliteBatch
{
    public static async Task<IReadOnlyList<BatchOutcome>> RunAsync<TStep>(WriteSession s, IReadOnlyList<TStep> steps,
        Func<TStep, Task<PasswordRecord>> journalStep, Func<TStep, Task<bool>>? jobStep, bool jobUpdateRequired,
        CancellationToken cancellationToken)
    {
        var outcomes = new List<BatchOutcome>(steps.Count);
        foreach (var step in steps)
        {
            await s.SavepointAsync("batch_item", cancellationToken);
            PasswordRecord record;
            var jobUpdated = false;
            try
            {
                record = await journalStep(step);
                if (jobStep is not null)
                {
                    jobUpdated = await RunJobStepAsync(s, step, jobStep, jobUpdateRequired, cancellationToken);
                }
            }
            catch (StoreException refused)
            {
                await s.RollbackToAsync("batch_item", cancellationToken);
                outcomes.Add(new BatchOutcome(null, refused, false));
                continue;
            }

            await s.ReleaseAsync("batch_item", cancellationToken);
            outcomes.Add(new BatchOutcome(record, null, jobUpdated));
        }

        return outcomes;
    }

    private static async Task<bool> RunJobStepAsync<TStep>(WriteSession s, TStep step, Func<TStep, Task<bool>> jobStep,
        bool required, CancellationToken cancellationToken)
    {
        if (required)
        {
            return await jobStep(step);
        }

        await s.SavepointAsync("batch_job", cancellationToken);
        try
        {
            var updated = await jobStep(step);
            await s.ReleaseAsync("batch_job", cancellationToken);
            return updated;
        }
        catch (StoreException)
        {
            await s.RollbackToAsync("batch_job", cancellationToken);
            return false;
        }
    }
}
