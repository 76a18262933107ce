using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Sync.Rotation;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using Record = PasswordSync.Vault.V1.Record;
using VaultJobItemStatus = PasswordSync.Vault.V1.JobItemStatus;

namespace PasswordSync.Gateway.Jobs;

/// <summary>
/// The crash-safe rotation protocol for a group of records of one target, batched: ONE durable vault transaction
/// begins every rotation and notes each rotation id on its job item (BEGIN, durable before anything is sent), the
/// resets go over one BulkPasswords stream with the verify bind on the same server when asked (APPLY, VERIFY), and
/// ONE durable transaction commits every applied rotation and records its job item (COMMIT). Refusals are aborted one
/// by one (rare); anything whose outcome is unknown stays pending and is settled by evidence, exactly as a single
/// rotation's would. What it saves is round trips and fsyncs, never a step.
/// </summary>
internal sealed class BatchRotationEngine(
    PasswordGenerator.PasswordGeneratorClient generator,
    RotationJournal.RotationJournalClient journal,
    SyncMaterialService.SyncMaterialServiceClient material,
    BulkDirectoryApply bulk,
    CrashPoints crashPoints,
    GatewayInstance instance,
    IOptions<RotationOptions> rotationOptions,
    TimeProvider clock,
    ILogger<BatchRotationEngine> logger)
{
    private const int GeneratorMax = 100;
    private const string PolicyReason = "PASSWORD_POLICY";

    /// <summary>Kinds whose accounts the directory resets in bulk (hosts change passwords over SSH one by one).</summary>
    public static bool Supports(Common.V1.TargetKind kind) =>
        kind is Common.V1.TargetKind.ActiveDirectory or Common.V1.TargetKind.Ldap;

    /// <summary>How long after its begin a batch may still send resets (the rest of the lease covers the last one).</summary>
    public TimeSpan SendWindow => rotationOptions.Value.RotationLease - RotationOptionsValidator.Margin
                                  - rotationOptions.Value.ApplyDeadline;

    public async Task RotateGroupAsync(BatchRun run, string targetId, IReadOnlyList<Record> records)
    {
        // From the begin on, a stopping run must not stop the protocol halfway: every call has its own deadline.
        var token = CancellationToken.None;
        var settings = rotationOptions.Value;
        var prepared = await PrepareAsync(run, records);
        if (prepared is null)
        {
            return;
        }

        var (target, passwords) = prepared.Value;
        if (run.Stopping.IsCancellationRequested)
        {
            // Stopped while preparing: nothing begun, the records stay pending for the next run.
            return;
        }

        // Time-ordered rotation ids (version 7): the vault keys its request-id ledger by them (id.begin, id.commit),
        // and ids made in order append to the ledger's last pages instead of dirtying a random page per record.
        var planned = records.Select((r, i) => new Planned(r, Guid.CreateVersion7().ToString("N"), passwords[i]))
            .ToList();
        var begunAtWall = clock.GetUtcNow().UtcDateTime;
        var begun = await BeginAsync(run, planned, settings);
        if (begun.Count == 0)
        {
            return;
        }

        crashPoints.Hit(CrashPoints.AfterBegin);

        // The stream ends a margin before the rotations' leases do (they started no earlier than begunAtWall), so no
        // write is in flight when the reconciler may claim them.
        var deadline = begunAtWall + settings.RotationLease - RotationOptionsValidator.Margin;
        var streams = Math.Max(1, (int)Math.Ceiling(run.Settings.Concurrency / (double)run.StreamParallelism));
        var window = run.Windows.For(targetId);
        var parts = Enumerable.Range(0, streams)
            .Select(s => begun.Where((_, i) => i % streams == s)
                .Select(p => new BulkReset(p.RotationId, p.Record.UserName, p.Password)).ToList())
            .Where(part => part.Count > 0)
            .Select(part => bulk.ApplyAsync(target, part, run.Settings.VerifyAfterSet, window, deadline,
                settings.ApplyDeadline, token))
            .ToList();
        var applyStarted = clock.GetTimestamp();
        var applied = new Dictionary<string, ApplyResult>(StringComparer.Ordinal);
        foreach (var part in await Task.WhenAll(parts))
        {
            foreach (var (id, result) in part)
            {
                applied[id] = result;
            }
        }

        var answered = applied.Values.Count(r => r is not ApplyResult.Ambiguous);
        run.ApplyRates[targetId] = answered / Math.Max(0.001, clock.GetElapsedTime(applyStarted).TotalSeconds);

        var toCommit = new List<(Planned Item, Directory.V1.WriteResponse Write)>();
        foreach (var item in begun)
        {
            switch (applied[item.RotationId])
            {
                case ApplyResult.Applied { Write: var write } when run.Settings.VerifyAfterSet
                                                                   && write.Verification is not { PasswordCorrect: true }:
                    var detail = write.Verification is { } verification
                        ? $"{verification.Outcome}: {verification.Detail}"
                        : "no verification was returned";
                    await run.Work.RecordOutcomeAsync(item.Record.Id, item.RotationId, SyncOutcomes.VerifyFailed(
                        item.Record.Id, write.Server, detail, item.RotationId, item.Lease, item.Version));
                    break;
                case ApplyResult.Applied { Write: var write }:
                    toCommit.Add((item, write));
                    break;
                case ApplyResult.Refused refused:
                    await AbortAsync(run, item, refused, token);
                    break;
                case ApplyResult.Ambiguous:
                    // Perhaps written, perhaps not (or never sent): the pending password stays, and this run settles
                    // it by evidence once its lease expires (committed if the directory holds it, else rotated again).
                    run.Work.ToSettle.Enqueue((item.Record.Id, item.RotationId));
                    break;
            }
        }

        var committed = toCommit.Count == 0 ? 0 : await CommitAsync(run, toCommit);
        JobsLog.BatchDone(logger, run.Settings.JobId, records.Count, targetId, begun.Count, committed);
    }

    /// <summary>The target's connection material and one generated password per record; null when it fell back.</summary>
    private async Task<(Directory.V1.Target Target, IReadOnlyList<string> Passwords)?> PrepareAsync(BatchRun run,
        IReadOnlyList<Record> records)
    {
        try
        {
            // Read per group, not per job: a privileged credential changed mid-job is picked up at the next group.
            var sync = await material.GetSyncMaterialAsync(new GetSyncMaterialRequest { RecordId = records[0].Id },
                deadline: VaultDeadline(), cancellationToken: run.Stopping);
            var passwords = new List<string>(records.Count);
            while (passwords.Count < records.Count)
            {
                var generated = await generator.GeneratePasswordAsync(new GeneratePasswordRequest
                {
                    ListId = records[0].ListId,
                    Count = Math.Min(GeneratorMax, records.Count - passwords.Count),
                }, deadline: VaultDeadline(), cancellationToken: run.Stopping);
                passwords.AddRange(generated.Passwords);
            }

            return (DirectoryTargetMapper.ToDirectoryTarget(sync.Target), passwords);
        }
        catch (Exception) when (run.Stopping.IsCancellationRequested)
        {
            // Cancelled, lease lost or shutting down before anything began: the records stay pending.
            return null;
        }
        catch (RpcException e)
        {
            // Nothing begun: the one-by-one path says, per record, exactly what is wrong.
            JobsLog.BatchFallback(logger, run.Settings.JobId, records.Count, e.StatusCode.ToString());
            foreach (var record in records)
            {
                await run.Work.RotateAsync(record.Id, run.HostStopping);
            }

            return null;
        }
    }

    /// <summary>BEGIN for the whole group in one durable transaction; the items begun (the others are recorded).</summary>
    private async Task<List<Planned>> BeginAsync(BatchRun run, List<Planned> planned, RotationOptions settings)
    {
        var request = new BeginRotationsRequest { JobId = run.Settings.JobId, JobOwner = run.Settings.Owner };
        request.Items.AddRange(planned.Select(p => new BeginRotationRequest
        {
            RequestId = RotationIds.BeginRequest(p.RotationId),
            RecordId = p.Record.Id,
            RotationId = p.RotationId,
            NewPassword = p.Password,
            Owner = instance.Id,
            Lease = Duration.FromTimeSpan(settings.RotationLease),
            Reason = $"job:{run.Settings.JobId}",
        }));
        BatchRotationsResponse response;
        try
        {
            // Idempotent by each item's request id: a retry after a lost answer returns the first results.
            response = await VaultRetry.IdempotentAsync(
                () => journal.BeginRotationsAsync(request, deadline: VaultDeadline()).ResponseAsync);
        }
        catch (RpcException e)
        {
            // Perhaps begun (and noted on the job), perhaps not: never applied blindly, settled by rotation id.
            JobsLog.BatchUncertain(logger, run.Settings.JobId, planned.Count, "begun", e.StatusCode.ToString());
            foreach (var item in planned)
            {
                run.Work.ToSettle.Enqueue((item.Record.Id, item.RotationId));
            }

            return [];
        }

        var begun = new List<Planned>(planned.Count);
        for (var i = 0; i < planned.Count; i++)
        {
            var result = response.Results[i];
            if (result.Error is { } error)
            {
                await RecordRefusalAsync(run, planned[i].Record.Id, error);
                continue;
            }

            begun.Add(planned[i] with
            {
                Lease = result.State.Pending?.LeaseExpiresAt,
                Version = result.State.RecordVersion,
            });
        }

        return begun;
    }

    /// <summary>A begin the vault refused: nothing was begun; recorded as the one-by-one path records a refusal.</summary>
    private static Task RecordRefusalAsync(BatchRun run, string recordId, BatchItemError error)
    {
        if (error.Reason == "LEASE_HELD")
        {
            run.LeaseLost();
            return Task.CompletedTask;
        }

        var reason = error.Reason.Length > 0 ? error.Reason : ((StatusCode)error.Code).ToString();
        var status = (StatusCode)error.Code == StatusCode.NotFound
                     || ((StatusCode)error.Code == StatusCode.FailedPrecondition && reason != "ROTATION_PENDING")
            ? VaultJobItemStatus.Skipped
            : VaultJobItemStatus.Failed;
        return run.Recorder.RecordAsync(recordId, status, reason, error.Message);
    }

    /// <summary>
    /// ABORT of a rotation the directory certainly refused. A policy refusal of a generated password gets one fresh
    /// password through the one-by-one path (which says why if that fails too), as a single rotation would.
    /// </summary>
    private async Task AbortAsync(BatchRun run, Planned item, ApplyResult.Refused refused, CancellationToken token)
    {
        var request = new AbortRotationRequest
        {
            RequestId = RotationIds.AbortRequest(item.RotationId),
            RecordId = item.Record.Id,
            RotationId = item.RotationId,
            Reason = JournalReasons.Format(refused.ReasonCode, refused.Message),
        };
        try
        {
            var aborted = await VaultRetry.IdempotentAsync(
                () => journal.AbortRotationAsync(request, deadline: VaultDeadline(), cancellationToken: token)
                    .ResponseAsync);
            if (refused.ReasonCode == PolicyReason)
            {
                await run.Work.RotateAsync(item.Record.Id, run.HostStopping);
                return;
            }

            await run.Work.RecordOutcomeAsync(item.Record.Id, item.RotationId, SyncOutcomes.Aborted(item.Record.Id,
                refused.ReasonCode, refused.Message, aborted.RecordVersion, retried: false));
        }
        catch (RpcException e)
        {
            // Still pending: the reconciler finds the current password proven and drops the refused one.
            await run.Work.RecordOutcomeAsync(item.Record.Id, item.RotationId, SyncOutcomes.Pending(item.Record.Id,
                refused.ReasonCode, $"the directory refused the new password ({refused.Message}), but the vault did "
                + $"not confirm dropping it ({e.StatusCode})", item.RotationId, item.Lease, item.Version));
        }
    }

    /// <summary>COMMIT of every applied rotation, with its job item, in one durable transaction.</summary>
    private async Task<int> CommitAsync(BatchRun run, List<(Planned Item, Directory.V1.WriteResponse Write)> applied)
    {
        var verified = run.Settings.VerifyAfterSet;
        var request = new CommitRotationsRequest
        {
            JobId = run.Settings.JobId,
            JobOwner = run.Settings.Owner,
            JobItemDetail = SyncOutcomes.Committed("", "", verified, 0, retried: false).Message,
        };
        request.Items.AddRange(applied.Select(a => new CommitRotationRequest
        {
            RequestId = RotationIds.CommitRequest(a.Item.RotationId),
            RecordId = a.Item.Record.Id,
            RotationId = a.Item.RotationId,
            DirectoryPasswordLastSet = a.Write.PasswordLastSetRaw,
        }));
        BatchRotationsResponse response;
        try
        {
            response = await VaultRetry.IdempotentAsync(
                () => journal.CommitRotationsAsync(request, deadline: VaultDeadline()).ResponseAsync);
        }
        catch (RpcException e)
        {
            // The directory holds the new passwords and the vault keeps each as the record's pending one: nothing is
            // lost; each is committed by evidence (by this run's settling, or the reconciler after the lease).
            JobsLog.BatchUncertain(logger, run.Settings.JobId, applied.Count, "committed", e.StatusCode.ToString());
            foreach (var (item, _) in applied)
            {
                run.Work.ToSettle.Enqueue((item.Record.Id, item.RotationId));
            }

            return 0;
        }

        var committed = 0;
        for (var i = 0; i < applied.Count; i++)
        {
            var result = response.Results[i];
            var recordId = applied[i].Item.Record.Id;
            if (result.Error is not null)
            {
                run.Work.ToSettle.Enqueue((recordId, applied[i].Item.RotationId));
                continue;
            }

            committed++;
            if (result.JobItemUpdated)
            {
                run.Recorder.Finished(recordId, VaultJobItemStatus.Succeeded, "", request.JobItemDetail);
            }
            else
            {
                // Committed, but the job has another owner now: it settles this item from the journal.
                run.LeaseLost();
            }
        }

        return committed;
    }

    private DateTime VaultDeadline() => clock.GetUtcNow().UtcDateTime + rotationOptions.Value.VaultCallTimeout;

    /// <summary>One record of the group: its rotation id and generated password (never logged).</summary>
    private sealed record Planned(Record Record, string RotationId, string Password)
    {
        public Timestamp? Lease { get; init; }

        public long Version { get; init; }
    }
}

/// <summary>
/// What the batches of one job run share: its settings, bookkeeping and per-target windows. <see cref="Stopping"/>
/// (cancel, lease lost, shutdown) stops batches that have not begun; <see cref="HostStopping"/> only shutdown.
/// </summary>
internal sealed record BatchRun(
    JobRunSettings Settings,
    JobItemWork Work,
    JobItemRecorder Recorder,
    PerTargetLimiter Windows,
    int StreamParallelism,
    Action LeaseLost,
    CancellationToken Stopping,
    CancellationToken HostStopping)
{
    /// <summary>Resets per second each target answered in this run's last batch.</summary>
    public ConcurrentDictionary<string, double> ApplyRates { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How many records the next batch of <paramref name="targetId"/> begins: no more than the directory can take
    /// while the batch may still send (measured on the previous batch; a few per connection to start with), so a
    /// slow directory never has many rotations begun and waiting, and a crash leaves few to settle.
    /// </summary>
    public int BatchSizeFor(string targetId, int max, TimeSpan sendWindow, int batchesInFlight)
    {
        var concurrency = Settings.Concurrency;
        if (!ApplyRates.TryGetValue(targetId, out var rate))
        {
            return Math.Clamp(concurrency * 4, 1, max);
        }

        var fits = rate * sendWindow.TotalSeconds / Math.Max(1, batchesInFlight) / 2;
        return (int)Math.Clamp(fits, Math.Min(concurrency, max), max);
    }
}
