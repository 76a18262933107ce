using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Jobs;

/// <summary>
/// Gathers a job run's records per target into batches and hands each full batch to the engine, with at most a few
/// batches in flight (the next one begins while the previous one is applied): the run's memory stays bounded by
/// batch size × batches in flight, whatever the size of the list. Records gathered but not handed over when the run
/// stops were never begun: they stay pending for the next run.
/// </summary>
internal sealed class BatchPipeline(BatchRotationEngine engine, BatchRun run, int batchSize, BoundedWork inFlight)
{
    private readonly Dictionary<string, List<Record>> filling = new(StringComparer.Ordinal);

    public async Task AddAsync(Record record, string targetId)
    {
        if (!filling.TryGetValue(targetId, out var group))
        {
            filling[targetId] = group = new List<Record>(batchSize);
        }

        group.Add(record);
        if (group.Count >= run.BatchSizeFor(targetId, batchSize, engine.SendWindow, inFlight.Capacity))
        {
            filling.Remove(targetId);
            await DispatchAsync(targetId, group);
        }
    }

    /// <summary>Hands over the partly filled batches (the end of the items).</summary>
    public async Task FlushAsync()
    {
        foreach (var (targetId, group) in filling.ToList())
        {
            filling.Remove(targetId);
            await DispatchAsync(targetId, group);
        }
    }

    private Task DispatchAsync(string targetId, List<Record> group) =>
        inFlight.StartAsync(() => engine.RotateGroupAsync(run, targetId, group), run.Stopping);
}
