namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// One caller's write waiting for <see cref="SqliteDatabase"/>'s writer. Whoever holds the write lock runs every write
/// queued by then in one transaction (group commit), and hands each its result only after that transaction's
/// durable commit; a write is taken by one runner, or withdrawn by its cancelled caller, never both.
/// </summary>
internal abstract class QueuedWrite
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Withdrawn = 2;
    private int state;

    public abstract Task Completion { get; }

    /// <summary>The runner's claim: false when the caller withdrew it first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref state, Taken, Queued) == Queued;

    /// <summary>The cancelled caller's claim: false when a runner took it first (then it runs, and its result counts).</summary>
    public bool TryWithdraw() => Interlocked.CompareExchange(ref state, Withdrawn, Queued) == Queued;

    /// <summary>Runs the work inside the runner's transaction; its result is kept until <see cref="Deliver"/>.</summary>
    public abstract Task RunAsync(WriteSession session);

    /// <summary>The transaction that holds this write's changes committed durably: the caller gets its result.</summary>
    public abstract void Deliver();

    /// <summary>Nothing of this write is stored: the caller gets <paramref name="error"/>.</summary>
    public abstract void Fail(Exception error);
}

/// <inheritdoc />
internal sealed class QueuedWrite<T>(Func<WriteSession, Task<T>> work) : QueuedWrite
{
    private readonly TaskCompletionSource<T> result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? value;

    public Task<T> Result => result.Task;

    public override Task Completion => result.Task;

    public override async Task RunAsync(WriteSession session) => value = await work(session);

    public override void Deliver() => result.TrySetResult(value!);

    public override void Fail(Exception error) => result.TrySetException(error);
}
