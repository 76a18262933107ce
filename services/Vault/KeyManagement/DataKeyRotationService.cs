using Microsoft.Extensions.Options;

namespace PasswordSync.Vault.KeyManagement;

/// <summary>
/// Re-wraps data keys in the background: after a new KEK is made active in the keyring and the vault restarted,
/// every key moves to it without an operator step, so the old KEK can then be removed.
/// </summary>
internal sealed class DataKeyRotationService(
    DataKeyRotator rotator,
    IOptions<KeyRotationOptions> options,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<DataKeyRotationService> logger) : BackgroundService
{
    public const string Actor = "vault:key-rotation";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        // Start once every hosted service has started, so the store has been initialised.
        await WhenStartedAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await rotator.RunOnceAsync(Actor, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next tick retries; the type says enough and the message could name store internals only.
                KeyManagementLog.PassFailed(logger, exception.GetType().Name, exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }
}
