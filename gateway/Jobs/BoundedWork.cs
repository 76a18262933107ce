namespace PasswordSync.Gateway.Jobs;

/// <summary>
/// Caps the work started but not finished (records read from the vault and not yet reported or recorded), so a run's
/// memory stays flat whatever the size of the list: the producer waits for a free slot before it starts the next one.
/// Work reports its own per-record failures; an exception that escapes it is kept and rethrown by <see cref="DrainAsync"/>.
/// </summary>
public sealed class BoundedWork(int capacity) : IDisposable
{
    private readonly SemaphoreSlim slots = new(capacity, capacity);
    private Exception? failure;

    public int Capacity { get; } = capacity;

    /// <summary>Starts <paramref name="work"/> once a slot is free; the slot is returned when it ends.</summary>
    public async Task StartAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        _ = RunAsync(work);
    }

    /// <summary>
    /// Waits until every started piece of work has ended (takes every slot, then gives them back), then rethrows the
    /// first exception that escaped one.
    /// </summary>
    public async Task DrainAsync()
    {
        for (var i = 0; i < Capacity; i++)
        {
            await slots.WaitAsync(CancellationToken.None);
        }

        slots.Release(Capacity);
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private async Task RunAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
        }
        finally
        {
            slots.Release();
        }
    }

    public void Dispose() => slots.Dispose();
}
