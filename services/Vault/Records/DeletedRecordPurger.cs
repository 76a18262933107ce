using Microsoft.Extensions.Options;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Records;

/// <summary>
/// Removes for good the records deleted longer ago than the retention period, so "restorable for 30 days" also means
/// "gone after 30 days", and forgets request ids older than <see cref="IdempotencyRetention.Period"/> (the ledger
/// would otherwise grow with every idempotent call). Runs once the host has started and then every <see cref="RecordRetentionOptions.PurgeInterval"/>;
/// a failed pass is logged and retried at the next tick rather than stopping the host.
/// </summary>
internal sealed class DeletedRecordPurger(
    IVaultStore store,
    IOptions<RecordRetentionOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<DeletedRecordPurger> logger) : BackgroundService
{
    public const string Actor = "system:retention";

    /// <summary>One pass: purges the records deleted before now minus the retention; returns how many.</summary>
    public async Task<int> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var deletedBefore = time.GetUtcNow() - options.Value.DeletedRetention;
        var count = await store.Records.PurgeDeletedAsync(deletedBefore, Actor, cancellationToken);
        if (count > 0)
        {
            RecordsLog.Purged(logger, count, deletedBefore);
        }

        var requestIdsBefore = time.GetUtcNow() - IdempotencyRetention.Period;
        var forgotten = await store.ForgetRequestIdsAsync(requestIdsBefore, cancellationToken);
        if (forgotten > 0)
        {
            RecordsLog.RequestIdsForgotten(logger, forgotten, requestIdsBefore);
        }

        return count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Hosted services start in registration order: wait until every one (the store's schema set-up included) has.
        await WhenStartedAsync(stoppingToken);
        var interval = options.Value.PurgeInterval;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await PurgeOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                RecordsLog.PurgeFailed(logger, exception, interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        await started.Task;
    }
}
