using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Internal;
using PasswordSync.Gateway.Sync;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Reconciliation;

/// <summary>
/// Settles, at start-up and then every <c>Gateway:Reconciliation:Interval</c>, every pending rotation whose lease has
/// expired (a gateway died between begin and commit, or an apply's outcome was unknown), one record at a time through
/// <see cref="IPendingRotationResolver"/>. So a crash is healed by restarting any gateway instance.
/// </summary>
internal sealed class Reconciler(
    RotationJournal.RotationJournalClient journal,
    IPendingRotationResolver resolver,
    IOptions<ReconciliationOptions> options,
    TimeProvider clock,
    ILogger<Reconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var actor = ActorContext.Set("gateway:reconciler");
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                ReconcilerLog.PassFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass over the expired pending rotations; one record's failure never stops the others.</summary>
    public async Task PassAsync(CancellationToken cancellationToken)
    {
        var examined = 0;
        var token = "";
        do
        {
            var page = await journal.ListPendingRotationsAsync(new ListPendingRotationsRequest
            {
                ExpiredOnly = true,
                PageSize = options.Value.PageSize,
                PageToken = token,
            }, deadline: clock.GetUtcNow().UtcDateTime.AddSeconds(30), cancellationToken: cancellationToken);
            foreach (var rotation in page.Rotations)
            {
                examined++;
                try
                {
                    await resolver.ResolveAsync(rotation.RecordId, cancellationToken);
                }
                catch (Grpc.Core.RpcException e) when (!cancellationToken.IsCancellationRequested)
                {
                    ReconcilerLog.RecordFailed(logger, rotation.RecordId, e.StatusCode.ToString(), e);
                }
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);

        ReconcilerLog.PassDone(logger, examined);
    }
}
