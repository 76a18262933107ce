using System.Collections.Concurrent;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Jobs;

/// <summary>
/// What this instance knows beyond the vault about the jobs it runs: the latest item outcomes, the rate of the
/// current run, and a signal for watchers so a watch sends progress as it happens instead of on a timer. Jobs that
/// run elsewhere are read from the vault alone. Finished runs stay a while (bounded) so a watch that ends with the
/// job still shows its last outcomes.
/// </summary>
public sealed class JobProgressBoard(TimeProvider clock)
{
    private const int KeptRuns = 64;
    private readonly ConcurrentDictionary<string, JobProgress> runs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();

    public JobProgress Start(string jobId, int recentCapacity)
    {
        var progress = new JobProgress(clock, recentCapacity);
        runs[jobId] = progress;
        order.Enqueue(jobId);
        while (order.Count > KeptRuns && order.TryDequeue(out var oldest))
        {
            if (!string.Equals(oldest, jobId, StringComparison.Ordinal) && runs.TryGetValue(oldest, out var old)
                && old.Ended)
            {
                runs.TryRemove(oldest, out _);
            }
        }

        return progress;
    }

    public JobProgress? Find(string jobId) => runs.GetValueOrDefault(jobId);
}

/// <summary>One run of one job on this instance.</summary>
public sealed class JobProgress(TimeProvider clock, int recentCapacity)
{
    private readonly long startedAt = clock.GetTimestamp();
    private readonly LinkedList<JobItemResult> recent = new();
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int doneThisRun;

    public bool Ended { get; private set; }

    public double RatePerSecond
    {
        get
        {
            var seconds = clock.GetElapsedTime(startedAt).TotalSeconds;
            return seconds <= 0 ? 0 : Volatile.Read(ref doneThisRun) / seconds;
        }
    }

    public IReadOnlyList<JobItemResult> Recent()
    {
        lock (recent)
        {
            return [.. recent];
        }
    }

    public void ItemFinished(JobItemResult result)
    {
        Interlocked.Increment(ref doneThisRun);
        lock (recent)
        {
            recent.AddFirst(result);
            while (recent.Count > recentCapacity)
            {
                recent.RemoveLast();
            }
        }

        Signal();
    }

    public void End()
    {
        Ended = true;
        Signal();
    }

    /// <summary>Completes at the next change (an item finished, the run ended).</summary>
    public Task NextChange()
    {
        lock (recent)
        {
            return changed.Task;
        }
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (recent)
        {
            previous = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }
}
