using System.Collections.Concurrent;

namespace PasswordSync.Gateway.Jobs;

/// <summary>
/// At most <c>limit</c> directory operations at once per target, for one report or one job run (a slow or throttled
/// directory only slows its own records). Also used by the sync report. Disposed with the run that owns it.
/// </summary>
public sealed class PerTargetLimiter(int limit) : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> slots = new(StringComparer.Ordinal);

    public int Limit { get; } = limit > 0 ? limit : throw new ArgumentOutOfRangeException(nameof(limit));

    /// <summary>Waits for a slot of <paramref name="targetId"/>; dispose the result to give it back.</summary>
    public async Task<IDisposable> AcquireAsync(string targetId, CancellationToken cancellationToken)
    {
        var semaphore = For(targetId);
        await semaphore.WaitAsync(cancellationToken);
        return new Slot(semaphore);
    }

    /// <summary>The slots of <paramref name="targetId"/> themselves, for work that takes one per item it sends.</summary>
    public SemaphoreSlim For(string targetId) => slots.GetOrAdd(targetId, _ => new SemaphoreSlim(Limit, Limit));

    public void Dispose()
    {
        foreach (var semaphore in slots.Values)
        {
            semaphore.Dispose();
        }
    }

    private sealed class Slot(SemaphoreSlim semaphore) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
