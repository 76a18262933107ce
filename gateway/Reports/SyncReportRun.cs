using System.Diagnostics;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.Gateway.Jobs;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Sync.Checks;
using PasswordSync.Gateway.Telemetry;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using PasswordList = PasswordSync.Vault.V1.PasswordList;

namespace PasswordSync.Gateway.Reports;

/// <summary>
/// One sync report: pages through the list's records, reports those that are not sync-enabled at once (with why),
/// checks the others, and hands each result to <c>write</c> as soon as it is known.
/// The directory is the bottleneck, so it is kept busy: each check holds its target's slot (at most N per target) only
/// around its directory calls (account state read and bind, under the account's lock); reading the sync material
/// before and recording the verdict after overlap with other checks' directory work. Up to 3N records per target are
/// admitted at once (N in the directory, up to 2N getting ready: a vault read under load can take longer than a bind),
/// which also keeps the sync material a check holds fresh. Verdicts are recorded in batches
/// (<see cref="VerdictBatcher"/>), and the checks that ask for their sync material at the same time share one vault
/// call (<see cref="SyncMaterialBatcher"/>); on Active Directory the states of the next accounts are read together
/// (<see cref="AccountStateReadAhead"/>). The records and the list come from the report's own pages: nothing is read twice.
/// Memory stays flat: a record is read only when a slot of <see cref="SyncReportOptions.MaxInFlight"/> is free, and
/// results wait in a bounded channel for the single writer (gRPC streams take one write at a time).
/// </summary>
internal sealed class SyncReportRun(
    PasswordRecords.PasswordRecordsClient records,
    ISyncEligibilityEvaluator eligibility,
    RecordChecker checker,
    SyncMaterialService.SyncMaterialServiceClient vault,
    Directory.V1.DirectorySync.DirectorySyncClient directory,
    AccountLocks locks,
    SyncReportOptions options,
    TimeSpan vaultCallTimeout,
    TimeSpan directoryCallTimeout,
    TimeProvider clock,
    ILogger logger)
{
    /// <summary>Records per target admitted at once, per directory slot (see the class summary).</summary>
    private const int ReadyPerDirectorySlot = 3;

    public async Task<SyncReportSummary> RunAsync(PasswordList list, int concurrencyPerTarget,
        Func<CheckResult, Task> write, CancellationToken cancellationToken)
    {
        using var activity = ReportTelemetry.Start(list.Id);
        var started = clock.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var results = Channel.CreateBounded<CheckResult>(new BoundedChannelOptions(options.MaxInFlight)
        {
            SingleReader = true,
        });
        var verdicts = new VerdictBatcher(vault, options, vaultCallTimeout, clock, logger, list.Id);
        await using var materials = new SyncMaterialBatcher(vault, vaultCallTimeout, options.MaterialBatchLinger);
        var states = new AccountStateReadAhead(directory, locks, options, directoryCallTimeout, clock, logger, stop.Token);
        await using var binds = new ReportBindStreams(directory, directoryCallTimeout, logger, stop.Token);
        var producer = Task.Run(() => ProduceAsync(list, concurrencyPerTarget, results.Writer,
            new ReportHelpers(verdicts, materials, states, binds), stop.Token), CancellationToken.None);

        var summary = new SyncReportSummary();
        try
        {
            await foreach (var result in results.Reader.ReadAllAsync(stop.Token))
            {
                await write(result);
                var status = StatusName(result.Status);
                summary.CountsByStatus[status] = summary.CountsByStatus.GetValueOrDefault(status) + 1;
                summary.Total++;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ReportsLog.Cancelled(logger, list.Id, summary.Total);
            throw;
        }
        finally
        {
            // The writer failed or the caller left: stop reading records and wait for the checks in flight to end,
            // then record what was decided.
            await stop.CancelAsync();
            await producer;
            await verdicts.CompleteAsync();
        }

        var elapsed = clock.GetElapsedTime(started);
        summary.Duration = Duration.FromTimeSpan(elapsed);
        ReportsLog.Finished(logger, list.Id, summary.Total, (long)elapsed.TotalMilliseconds);
        ReportTelemetry.Finished(activity, elapsed, summary.Total);
        return summary;
    }

    /// <summary>The proto name of a status ("CHECK_STATUS_IN_SYNC"), as JSON shows the result's status.</summary>
    public static string StatusName(CheckStatus status) =>
        SyncReflection.Descriptor.EnumTypes.First(e => e.Name == nameof(CheckStatus)).FindValueByNumber((int)status)?.Name ?? status.ToString();

    private async Task ProduceAsync(PasswordList list, int concurrencyPerTarget, ChannelWriter<CheckResult> results,
        ReportHelpers helpers, CancellationToken cancellationToken)
    {
        using var limiter = new PerTargetLimiter(concurrencyPerTarget);
        using var admission = new PerTargetLimiter(ReadyPerDirectorySlot * concurrencyPerTarget);
        using var work = new BoundedWork(options.MaxInFlight);
        var decisions = new EligibilityCache(eligibility, list);
        Exception? failure = null;
        try
        {
            var pageToken = "";
            do
            {
                var page = await records.SearchRecordsAsync(new SearchRecordsRequest
                {
                    ListId = list.Id,
                    PageSize = options.PageSize,
                    PageToken = pageToken,
                }, cancellationToken: cancellationToken);
                foreach (var record in page.Records)
                {
                    var decision = await decisions.EvaluateAsync(record, cancellationToken);
                    if (decision is not { Enabled: true, Target: { } target })
                    {
                        await results.WriteAsync(NotSyncEnabled(record.Id, decision.DisabledReason), cancellationToken);
                        continue;
                    }

                    var recordId = record.Id;
                    var slots = new TargetSlots(target.Id, limiter, admission);
                    helpers.States.Expect(target.Id, target.Kind, record.UserName);
                    await work.StartAsync(() => CheckAsync(list.Id, recordId, slots, results, helpers,
                        cancellationToken), cancellationToken);
                }

                pageToken = page.NextPageToken;
            }
            while (pageToken.Length > 0);
        }
        catch (Exception e)
        {
            failure = e;
        }

        try
        {
            await work.DrainAsync();
        }
        catch (Exception e)
        {
            failure ??= e;
        }

        results.TryComplete(failure);
    }

    private async Task CheckAsync(string listId, string recordId, TargetSlots slots,
        ChannelWriter<CheckResult> results, ReportHelpers helpers, CancellationToken cancellationToken)
    {
        CheckResult result;
        SyncStateItem? verdict = null;
        using (await slots.AdmitAsync(cancellationToken))
        {
            try
            {
                var check = await checker.CheckStoredAsync(recordId, slots.DirectoryAsync,
                    ct => helpers.Materials.GetAsync(recordId, slots.TargetId, ct),
                    (target, account, ct) => helpers.States.GetAsync(target, account, slots.DirectoryAsync, ct),
                    helpers.Binds.VerifyAsync, cancellationToken);
                result = check.Result;
                verdict = check.Verdict;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                result = Error(recordId, e.GetReason() ?? e.StatusCode.ToString().ToUpperInvariant(), e.Status.Detail);
            }
            // A call cancelled because the caller left surfaces as an RpcException (Cancelled): not a failure to log.
            catch (Exception e) when (e is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                ReportsLog.CheckFailed(logger, e, listId, recordId);
                result = Error(recordId, "INTERNAL",
                    "The check failed inside the gateway; the gateway's log has the details. Check this record again.");
            }
        }

        if (result.RecordId.Length == 0)
        {
            result.RecordId = recordId;
        }

        // Queued before the result is written: once decided, a verdict is kept even if the caller leaves now.
        if (verdict is not null)
        {
            await helpers.Verdicts.AddAsync(verdict);
        }

        await results.WriteAsync(result, cancellationToken);
    }

    private CheckResult NotSyncEnabled(string recordId, string? why) => new()
    {
        RecordId = recordId,
        Status = CheckStatus.NotSyncEnabled,
        ReasonCode = "NOT_SYNC_ENABLED",
        Message = why ?? "The record is not sync-enabled.",
        CheckTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
    };

    private CheckResult Error(string recordId, string reasonCode, string message) => new()
    {
        RecordId = recordId,
        Status = CheckStatus.Error,
        ReasonCode = reasonCode,
        Message = message,
        CheckTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
    };

    /// <summary>What a report's checks share: verdict recording, sync-material batches, account-state read-ahead, binds.</summary>
    private sealed record ReportHelpers(VerdictBatcher Verdicts, SyncMaterialBatcher Materials,
        AccountStateReadAhead States, ReportBindStreams Binds);
}
