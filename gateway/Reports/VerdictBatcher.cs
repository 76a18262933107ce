using System.Threading.Channels;
using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Reports;

/// <summary>
/// Records a report's verdicts in the vault in batches: one durable transaction (one fsync) per batch instead of one
/// per record. A batch leaves when it holds <see cref="SyncReportOptions.VerdictBatchSize"/> verdicts or when its
/// oldest verdict has waited <see cref="SyncReportOptions.VerdictFlushInterval"/>, and whatever is left leaves when the
/// report ends, however it ends (the caller leaving included): a decided verdict is never dropped on the way. One
/// batch is in flight at a time; verdicts that arrive meanwhile make the next one bigger. Results do not wait for
/// their verdict to be recorded. A batch the vault refuses is logged (count and status, never a reason text) and the
/// report goes on, as the single check does: the next check records the state again. The queue is bounded, so a
/// vault that falls behind slows the checks instead of growing memory.
/// </summary>
internal sealed class VerdictBatcher
{
    private readonly Channel<SyncStateItem> queue;
    private readonly SyncMaterialService.SyncMaterialServiceClient vault;
    private readonly SyncReportOptions options;
    private readonly TimeSpan callTimeout;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly string listId;
    private readonly Task flushing;
    private int recorded;
    private int skipped;
    private int lost;

    public VerdictBatcher(SyncMaterialService.SyncMaterialServiceClient vault, SyncReportOptions options,
        TimeSpan callTimeout, TimeProvider clock, ILogger logger, string listId)
    {
        this.vault = vault;
        this.options = options;
        this.callTimeout = callTimeout;
        this.clock = clock;
        this.logger = logger;
        this.listId = listId;
        queue = Channel.CreateBounded<SyncStateItem>(new BoundedChannelOptions(options.VerdictBatchSize * 2)
        {
            SingleReader = true,
        });
        flushing = Task.Run(FlushLoopAsync, CancellationToken.None);
    }

    /// <summary>Verdicts the vault stored, skipped (record deleted or changed since its check), or never got.</summary>
    public (int Recorded, int Skipped, int Lost) Counts =>
        (Volatile.Read(ref recorded), Volatile.Read(ref skipped), Volatile.Read(ref lost));

    /// <summary>
    /// Queues a decided verdict. Not cancellable on purpose: a check that has decided must not lose its verdict because
    /// the caller is leaving; the wait is only for room in the queue, which the flush loop always makes.
    /// </summary>
    public ValueTask AddAsync(SyncStateItem verdict) => queue.Writer.WriteAsync(verdict, CancellationToken.None);

    /// <summary>No more verdicts: flushes what is queued and returns once the last batch has been answered.</summary>
    public Task CompleteAsync()
    {
        queue.Writer.TryComplete();
        return flushing;
    }

    private async Task FlushLoopAsync()
    {
        var reader = queue.Reader;
        var batch = new List<SyncStateItem>(options.VerdictBatchSize);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var oldest = clock.GetTimestamp();
            while (batch.Count < options.VerdictBatchSize)
            {
                if (reader.TryRead(out var verdict))
                {
                    batch.Add(verdict);
                    continue;
                }

                var left = options.VerdictFlushInterval - clock.GetElapsedTime(oldest);
                if (left <= TimeSpan.Zero || !await MoreWithinAsync(reader, left))
                {
                    break;
                }
            }

            if (batch.Count > 0)
            {
                await FlushAsync(batch);
                batch.Clear();
            }
        }
    }

    /// <summary>True when another verdict arrived within <paramref name="wait"/>; false on time-out or completion.</summary>
    private async Task<bool> MoreWithinAsync(ChannelReader<SyncStateItem> reader, TimeSpan wait)
    {
        using var timeUp = new CancellationTokenSource(wait, clock);
        try
        {
            return await reader.WaitToReadAsync(timeUp.Token);
        }
        catch (OperationCanceledException) when (timeUp.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task FlushAsync(List<SyncStateItem> batch)
    {
        var request = new RecordSyncStatesRequest { Items = { batch } };
        try
        {
            // Not the report's token: the report may be ending because its caller left, and what was decided is still
            // worth keeping. The deadline bounds the wait.
            var response = await vault.RecordSyncStatesAsync(request, deadline: DateTime.UtcNow + callTimeout,
                cancellationToken: CancellationToken.None);
            var stored = response.Outcomes.Count(o => o.Recorded);
            Interlocked.Add(ref recorded, stored);
            if (stored < batch.Count)
            {
                Interlocked.Add(ref skipped, batch.Count - stored);
                ReportsLog.VerdictsSkipped(logger, listId, batch.Count - stored, batch.Count);
            }
        }
        catch (RpcException e)
        {
            Interlocked.Add(ref lost, batch.Count);
            ReportsLog.VerdictsNotRecorded(logger, listId, batch.Count, e.StatusCode, e.GetReason());
        }
    }
}
