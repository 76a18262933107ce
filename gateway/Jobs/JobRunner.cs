using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Sync;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Jobs;

/// <summary>
/// Runs bulk jobs on every gateway instance: asks the vault for claimable jobs (new ones, and unfinished ones whose
/// lease expired because their gateway stopped), claims each under a lease owned by this instance, and runs it.
/// Exactly one instance wins a claim, so a job runs in one place at a time and resumes after a crash or restart.
/// A job started on this instance wakes the runner at once.
/// </summary>
internal sealed class JobRunner(
    IServiceProvider services,
    JobService.JobServiceClient jobs,
    PasswordLists.PasswordListsClient lists,
    PasswordRecords.PasswordRecordsClient records,
    ISyncEligibilityEvaluator eligibility,
    RotationFateLookup fates,
    JobProgressBoard board,
    GatewayInstance instance,
    IOptionsMonitor<JobRunnerOptions> options,
    TimeProvider clock,
    ILogger<JobRunner> logger) : BackgroundService
{
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly ConcurrentDictionary<string, JobRun> running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> runTasks = new(StringComparer.Ordinal);
    private bool warnedNoRotator;

    /// <summary>Look for work now (a job was just created here).</summary>
    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>A cancel asked for on this instance reaches its run at once (others notice at their next renewal).</summary>
    public void CancelRequested(string jobId)
    {
        if (running.TryGetValue(jobId, out var run))
        {
            run.RequestCancel();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (options.CurrentValue.RunnerEnabled)
            {
                try
                {
                    await ClaimAndStartAsync(stoppingToken);
                }
                catch (Exception) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    JobsLog.PollFailed(logger, e);
                }
            }

            try
            {
                await wake.WaitAsync(options.CurrentValue.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // Runs stop starting items and finish those in flight; what is left resumes under a new lease.
        await Task.WhenAll(runTasks.Values);
    }

    private async Task ClaimAndStartAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        if (running.Count >= settings.MaxJobsPerInstance)
        {
            return;
        }

        var rotator = services.GetService<IRecordRotator>();
        var resolver = services.GetService<IPendingRotationResolver>();
        if (rotator is null && !warnedNoRotator)
        {
            warnedNoRotator = true;
            JobsLog.NoRotator(logger);
        }

        var claimable = await jobs.ListClaimableJobsAsync(new ListClaimableJobsRequest { Max = 10 },
            cancellationToken: stoppingToken);
        foreach (var candidate in claimable.Jobs)
        {
            if (running.Count >= settings.MaxJobsPerInstance)
            {
                return;
            }

            if (running.ContainsKey(candidate.Id) || (rotator is null && candidate.Options is not { DryRun: true }))
            {
                continue;
            }

            var claim = await jobs.ClaimJobAsync(new ClaimJobRequest
            {
                JobId = candidate.Id,
                Owner = instance.Id,
                Lease = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(settings.Lease),
            }, cancellationToken: stoppingToken);
            if (!claim.Claimed)
            {
                continue;
            }

            JobsLog.Claimed(logger, candidate.Id, instance.Id);
            // Batches run the real protocol themselves: only beside the real rotator (never around a test double);
            // decorators such as the telemetry one are looked through.
            var batches = rotator.Unwrap() is Sync.Rotation.RecordRotator
                ? services.GetService<BatchRotationEngine>()
                : null;
            var run = new JobRun(claim.Job, instance.Id, settings,
                new JobRunServices(jobs, lists, records, eligibility, rotator, resolver, fates, board, clock, batches),
                logger);
            running[candidate.Id] = run;
            runTasks[candidate.Id] = RunToEndAsync(run, stoppingToken);
        }
    }

    private async Task RunToEndAsync(JobRun run, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await run.RunAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The lease runs out and the job resumes (here or elsewhere) where it stopped.
            JobsLog.RunFailed(logger, e, run.JobId);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        finally
        {
            running.TryRemove(run.JobId, out _);
            runTasks.TryRemove(run.JobId, out _);
            run.Dispose();
            Wake();
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }
}
