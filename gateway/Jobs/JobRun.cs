using Grpc.Core;
using PasswordSync.Gateway.Internal;
using PasswordSync.Gateway.Reports;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Telemetry;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.V1;
using VaultJob = PasswordSync.Vault.V1.Job;
using VaultJobItemStatus = PasswordSync.Vault.V1.JobItemStatus;
using VaultJobState = PasswordSync.Vault.V1.JobState;

namespace PasswordSync.Gateway.Jobs;

/// <summary>
/// One run of one claimed job on this instance: renews the lease while it runs, pages through the items still
/// pending (so a resumed job starts where it stopped), runs them with at most N per target and a bounded number in
/// flight, settles items left in flight by a stopped gateway, and finishes the job. A cancel stops new items; the
/// items in flight finish. Losing the lease stops everything: the new owner settles what this run left in flight.
/// </summary>
internal sealed class JobRun(
    VaultJob claimed,
    string owner,
    JobRunnerOptions settings,
    JobRunServices services,
    ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource stopStarting = new();
    private volatile bool cancelRequested = claimed.CancelRequested;
    private volatile bool leaseLost;

    public string JobId => claimed.Id;

    /// <summary>A cancel asked for on this instance: stop starting items now.</summary>
    public void RequestCancel()
    {
        cancelRequested = true;
        stopStarting.Cancel();
    }

    public async Task RunAsync(CancellationToken hostStopping)
    {
        using var actor = ActorContext.Set($"job:{claimed.Id}");
        using var activity = JobTelemetry.StartRun(claimed.Id);
        using var stopping = hostStopping.Register(stopStarting.Cancel);
        var progress = services.Board.Start(claimed.Id, settings.RecentItems);
        var options = claimed.Options ?? new JobOptions();
        var run = new JobRunSettings(claimed.Id, owner, options.DryRun, options.VerifyAfterSet,
            Math.Clamp(options.Concurrency == 0 ? settings.DefaultConcurrencyPerTarget : options.Concurrency, 1, 32));
        var recorder = new JobItemRecorder(services.Jobs, claimed.Id, owner, progress, LoseLease, logger);
        using var work = new JobItemWork(run, services.Jobs, services.Records, services.Rotator, services.Resolver,
            services.Fates, recorder, LoseLease, logger);

        using var renewing = new CancellationTokenSource();
        var renewal = RenewLeaseAsync(renewing.Token);
        try
        {
            if (!cancelRequested)
            {
                await RunPendingItemsAsync(run, work, recorder, hostStopping);
                await SettleLeftoversAsync(work, hostStopping);
            }

            await renewing.CancelAsync();
            await renewal;
            await FinishAsync();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound && e.Status.Detail.StartsWith("List", StringComparison.Ordinal))
        {
            // The list was deleted under the job: nothing left to rotate.
            await renewing.CancelAsync();
            await renewal;
            await services.Jobs.FinishJobAsync(new FinishJobRequest
            {
                JobId = claimed.Id,
                Owner = owner,
                FinalState = VaultJobState.Failed,
            }, cancellationToken: CancellationToken.None);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
            progress.End();
        }
    }

    public void Dispose() => stopStarting.Dispose();

    private async Task RunPendingItemsAsync(JobRunSettings run, JobItemWork work, JobItemRecorder recorder,
        CancellationToken hostStopping)
    {
        var list = await services.Lists.GetListAsync(new GetListRequest { Id = claimed.ListId },
            cancellationToken: hostStopping);
        var decisions = new EligibilityCache(services.Eligibility, list);
        using var limiter = new PerTargetLimiter(run.Concurrency);
        using var inFlight = new BoundedWork(settings.MaxInFlight);
        using var batchesInFlight = new BoundedWork(settings.BatchesInFlight);
        var batches = services.Batches is { } engine && settings.BatchSize > 1 && !run.DryRun
            ? new BatchPipeline(engine, new BatchRun(run, work, recorder, limiter, settings.BulkStreamParallelism,
                LoseLease, stopStarting.Token, hostStopping), settings.BatchSize, batchesInFlight)
            : null;
        try
        {
            var pageToken = "";
            do
            {
                var page = await services.Jobs.ListJobItemsAsync(new ListJobItemsRequest
                {
                    JobId = claimed.Id,
                    Status = VaultJobItemStatus.Pending,
                    PageSize = settings.PageSize,
                    PageToken = pageToken,
                }, cancellationToken: hostStopping);

                // The page's records are read in one call (reads never wait for the vault's writer), not one by one.
                var records = await JobPageRecords.ReadLiveAsync(services.Records, page.Items, hostStopping);
                for (var i = 0; i < page.Items.Count; i++)
                {
                    if (stopStarting.IsCancellationRequested)
                    {
                        return;
                    }

                    var item = page.Items[i];
                    await StartItemAsync(item, records.GetValueOrDefault(item.RecordId), run, work, recorder,
                        decisions, limiter, inFlight, batches, hostStopping);
                }

                pageToken = page.NextPageToken;
            }
            while (pageToken.Length > 0 && !stopStarting.IsCancellationRequested);

            if (batches is not null && !stopStarting.IsCancellationRequested)
            {
                await batches.FlushAsync();
            }
        }
        catch (OperationCanceledException) when (stopStarting.IsCancellationRequested)
        {
            // Cancel, lost lease or shutdown while waiting for a slot: the items in flight still finish below.
        }
        finally
        {
            await batchesInFlight.DrainAsync();
            await inFlight.DrainAsync();
        }
    }

    private async Task StartItemAsync(JobItem item, Record? record, JobRunSettings run, JobItemWork work,
        JobItemRecorder recorder, EligibilityCache decisions, PerTargetLimiter limiter, BoundedWork inFlight,
        BatchPipeline? batches, CancellationToken hostStopping)
    {
        if (item.RotationId.Length > 0)
        {
            await inFlight.StartAsync(() => work.SettleAsync(item.RecordId, item.RotationId, hostStopping),
                stopStarting.Token);
            return;
        }

        if (record is null)
        {
            await recorder.RecordAsync(item.RecordId, VaultJobItemStatus.Skipped, "RECORD_NOT_FOUND",
                "The record was deleted after the job was created.");
            return;
        }

        var decision = await decisions.EvaluateAsync(record, hostStopping);
        if (decision is not { Enabled: true, Target: { } target })
        {
            await recorder.RecordAsync(item.RecordId, VaultJobItemStatus.Skipped, "NOT_SYNC_ENABLED",
                decision.DisabledReason ?? "The record is not sync-enabled.");
            return;
        }

        if (run.DryRun)
        {
            await work.DryRunAsync(record, target);
            return;
        }

        if (batches is not null && BatchRotationEngine.Supports(target.Kind))
        {
            await batches.AddAsync(record, target.Id);
            return;
        }

        await inFlight.StartAsync(async () =>
        {
            using (await limiter.AcquireAsync(target.Id, hostStopping))
            {
                if (stopStarting.IsCancellationRequested)
                {
                    // Cancelled (or the lease lost) while this item waited for its target: it stays pending.
                    return;
                }

                await work.RotateAsync(item.RecordId, hostStopping);
            }
        }, stopStarting.Token);
    }

    /// <summary>Items whose rotation lease still ran: ask again until each is settled, or the run stops.</summary>
    private async Task SettleLeftoversAsync(JobItemWork work, CancellationToken hostStopping)
    {
        using var inFlight = new BoundedWork(settings.MaxInFlight);
        while (!work.ToSettle.IsEmpty && !stopStarting.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.SettleRetryInterval, services.Clock, stopStarting.Token);
                var batch = new List<(string RecordId, string RotationId)>();
                while (work.ToSettle.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                foreach (var (recordId, rotationId) in batch)
                {
                    await inFlight.StartAsync(() => work.SettleAsync(recordId, rotationId, hostStopping),
                        stopStarting.Token);
                }
            }
            catch (OperationCanceledException) when (stopStarting.IsCancellationRequested)
            {
                break;
            }
            finally
            {
                await inFlight.DrainAsync();
            }
        }
    }

    private async Task FinishAsync()
    {
        if (leaseLost)
        {
            JobsLog.LeaseLost(logger, claimed.Id);
            return;
        }

        var current = await services.Jobs.GetJobAsync(new GetJobRequest { JobId = claimed.Id },
            cancellationToken: CancellationToken.None);
        var remaining = current.TotalItems - current.SucceededItems - current.FailedItems - current.SkippedItems;
        VaultJobState final;
        if (cancelRequested || current.CancelRequested)
        {
            final = VaultJobState.Cancelled;
        }
        else if (remaining == 0)
        {
            final = VaultJobState.Completed;
        }
        else
        {
            // Shutting down, or outcomes that could not be written: the lease runs out and a run resumes the rest.
            JobsLog.Paused(logger, claimed.Id, remaining);
            return;
        }

        var finished = await services.Jobs.FinishJobAsync(new FinishJobRequest
        {
            JobId = claimed.Id,
            Owner = owner,
            FinalState = final,
        }, cancellationToken: CancellationToken.None);
        JobsLog.Finished(logger, finished.Id, finished.State.ToString(), finished.SucceededItems,
            finished.FailedItems, finished.SkippedItems);
    }

    private async Task RenewLeaseAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.RenewInterval, services.Clock, cancellationToken);
                var renewed = await services.Jobs.ClaimJobAsync(new ClaimJobRequest
                {
                    JobId = claimed.Id,
                    Owner = owner,
                    Lease = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(settings.Lease),
                }, cancellationToken: cancellationToken);
                if (!renewed.Claimed)
                {
                    LoseLease();
                    return;
                }

                if (renewed.Job.CancelRequested)
                {
                    RequestCancel();
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // The run ended (a renewal in flight is cancelled too, surfacing as RpcException Cancelled).
                return;
            }
            catch (RpcException e)
            {
                // A missed renewal is survivable (two fit in a lease); the next one tries again.
                JobsLog.PollFailed(logger, e);
            }
        }
    }

    private void LoseLease()
    {
        leaseLost = true;
        stopStarting.Cancel();
    }
}

/// <summary>The clients and engines a job run uses (engines may be absent until their feature registers them).</summary>
internal sealed record JobRunServices(
    JobService.JobServiceClient Jobs,
    PasswordLists.PasswordListsClient Lists,
    PasswordRecords.PasswordRecordsClient Records,
    ISyncEligibilityEvaluator Eligibility,
    IRecordRotator? Rotator,
    IPendingRotationResolver? Resolver,
    RotationFateLookup Fates,
    JobProgressBoard Board,
    TimeProvider Clock,
    BatchRotationEngine? Batches = null);
