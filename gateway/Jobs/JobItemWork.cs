using System.Collections.Concurrent;
using Grpc.Core;
using PasswordSync.Gateway.Sync;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.V1;
using VaultJobItemStatus = PasswordSync.Vault.V1.JobItemStatus;

namespace PasswordSync.Gateway.Jobs;

/// <summary>
/// What happens to one item of a bulk rotation: a dry-run verdict, one crash-safe rotation, or, for an item that was
/// in flight when a gateway stopped, settling that rotation by evidence. An item is never rotated twice: its rotation
/// id is noted on the item before the rotation begins, and a noted rotation is only ever settled, unless the audit log
/// proves it never began.
/// </summary>
internal sealed class JobItemWork(
    JobRunSettings run,
    JobService.JobServiceClient jobs,
    PasswordRecords.PasswordRecordsClient records,
    IRecordRotator? rotator,
    IPendingRotationResolver? resolver,
    RotationFateLookup fates,
    JobItemRecorder recorder,
    Action leaseLost,
    ILogger logger) : IDisposable
{
    /// <summary>Rotations started per record in this run: a rotation that fails before it begins is retried once.</summary>
    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);

    /// <summary>Items whose outcome is not known yet (a rotation whose lease still runs): settled again later.</summary>
    public ConcurrentQueue<(string RecordId, string RotationId)> ToSettle { get; } = new();

    public Task DryRunAsync(Record record, Target target)
    {
        if (record.PendingRotation is { RotationId.Length: > 0 })
        {
            return recorder.RecordAsync(record.Id, VaultJobItemStatus.Skipped, "ROTATION_PENDING",
                "Would be skipped: a rotation of this record is in flight; it is settled first (by its owner or the reconciler).");
        }

        var name = target.Names.Count > 0 ? target.Names[0] : target.Id;
        return recorder.RecordAsync(record.Id, VaultJobItemStatus.Succeeded, "DRY_RUN",
            $"Would rotate {record.AccountType} account '{record.UserName}' on {target.Kind} target '{name}' with a password from the list's policy.");
    }

    public async Task RotateAsync(string recordId, CancellationToken cancellationToken)
    {
        if (rotator is null)
        {
            // The runner claims only dry runs without an engine; reaching here means the engine went away.
            return;
        }

        if (attempts.AddOrUpdate(recordId, 1, (_, n) => n + 1) > 2)
        {
            await recorder.RecordAsync(recordId, VaultJobItemStatus.Failed, "ROTATION_NOT_STARTED",
                "The rotation could not be started twice in a row (the gateway's log says why); run the job again.");
            return;
        }

        var rotationId = Guid.NewGuid().ToString("N");
        try
        {
            await jobs.SetJobItemRotationAsync(new SetJobItemRotationRequest
            {
                JobId = run.JobId,
                RecordId = recordId,
                Owner = run.Owner,
                RotationId = rotationId,
            }, cancellationToken: cancellationToken);
        }
        catch (RpcException e)
        {
            // Not noted, so not begun: the item stays pending and a later run rotates it.
            if (e.GetReason() == "LEASE_HELD")
            {
                leaseLost();
            }
            else
            {
                JobsLog.ItemUncertain(logger, e, run.JobId, recordId);
            }

            return;
        }

        SyncOutcomeOrRefusal result;
        try
        {
            var outcome = await rotator.RotateAsync(new RotationCommand(recordId, ExpectedVersion: null,
                NewPassword: null, run.VerifyAfterSet, $"job:{run.JobId}", rotationId), cancellationToken);
            result = new SyncOutcomeOrRefusal(outcome, null);
        }
        catch (RpcException e) when (RefusedBeforeBegin(e))
        {
            result = new SyncOutcomeOrRefusal(null, e);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The rotation may or may not have reached the directory: settle it by evidence, never redo it blindly.
            JobsLog.ItemUncertain(logger, e, run.JobId, recordId);
            ToSettle.Enqueue((recordId, rotationId));
            return;
        }

        await RecordAsync(recordId, rotationId, result);
    }

    /// <summary>
    /// Settling binds and may rotate again: at most the job's concurrency at once, however many items a stopped
    /// gateway (or a failed batch) left in flight, so settling never floods a directory.
    /// </summary>
    private readonly SemaphoreSlim settling = new(run.Concurrency, run.Concurrency);

    /// <summary>Settles an item noted with <paramref name="rotationId"/> whose outcome was never recorded.</summary>
    public async Task SettleAsync(string recordId, string rotationId, CancellationToken cancellationToken)
    {
        await settling.WaitAsync(cancellationToken);
        try
        {
            await SettleOneAsync(recordId, rotationId, cancellationToken);
        }
        finally
        {
            settling.Release();
        }
    }

    private async Task SettleOneAsync(string recordId, string rotationId, CancellationToken cancellationToken)
    {
        Record? record;
        try
        {
            record = await records.GetRecordAsync(new GetRecordRequest { Id = recordId },
                cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            record = null;
        }

        if (record?.PendingRotation?.RotationId == rotationId)
        {
            await SettlePendingAsync(recordId, rotationId, cancellationToken);
            return;
        }

        var (fate, detail) = await fates.FindAsync(recordId, rotationId, cancellationToken);
        JobsLog.Settled(logger, run.JobId, recordId, fate.ToString());
        switch (fate)
        {
            case RotationFate.Committed:
                await recorder.RecordAsync(recordId, VaultJobItemStatus.Succeeded, "",
                    "Rotated: the rotation committed before the gateway running the job stopped; not rotated again.",
                    rotationId);
                break;
            case RotationFate.Aborted when detail.Contains("RECONCILED:", StringComparison.Ordinal):
                // The reconciler proved the pending password never reached the directory (its gateway died before the
                // write): the directory did not refuse anything, so the item is rotated once more with a fresh id.
                await RotateAsync(recordId, cancellationToken);
                break;
            case RotationFate.Aborted:
                await recorder.RecordAsync(recordId, VaultJobItemStatus.Failed, "ROTATION_ABORTED",
                    $"The directory refused the new password; the current one is unchanged ({detail}).", rotationId);
                break;
            case RotationFate.Unresolved:
                await recorder.RecordAsync(recordId, VaultJobItemStatus.Failed, "ROTATION_UNRESOLVED",
                    "The rotation began but its outcome is not recorded; check the record's sync state before rotating it again.",
                    rotationId);
                break;
            case RotationFate.NeverBegan when record is null:
                await recorder.RecordAsync(recordId, VaultJobItemStatus.Skipped, "RECORD_NOT_FOUND",
                    "The record was deleted after the job was created.");
                break;
            default:
                // Nothing reached the vault's journal, so nothing reached the directory: safe to rotate now.
                await RotateAsync(recordId, cancellationToken);
                break;
        }
    }

    private async Task SettlePendingAsync(string recordId, string rotationId, CancellationToken cancellationToken)
    {
        if (resolver is null)
        {
            ToSettle.Enqueue((recordId, rotationId));
            return;
        }

        var resolution = await resolver.ResolveAsync(recordId, cancellationToken);
        JobsLog.Settled(logger, run.JobId, recordId, resolution.Outcome.ToString());
        switch (resolution.Outcome)
        {
            case PendingOutcome.Committed:
                await recorder.RecordAsync(recordId, VaultJobItemStatus.Succeeded, "",
                    $"Rotated (settled after a gateway stopped): {resolution.Detail}", rotationId);
                break;
            case PendingOutcome.Aborted:
                // Evidence shows the pending password never reached the directory (the current one is still
                // accepted): nothing was refused, so the item is rotated once more with a fresh rotation id.
                await RotateAsync(recordId, cancellationToken);
                break;
            case PendingOutcome.OutOfSync:
                await recorder.RecordAsync(recordId, VaultJobItemStatus.Failed, "OUT_OF_SYNC", resolution.Detail,
                    rotationId);
                break;
            default:
                // Its lease still runs (the gateway that began it may still be finishing it): ask again later.
                ToSettle.Enqueue((recordId, rotationId));
                break;
        }
    }

    /// <summary>Records a rotation's outcome as the one-by-one path does (the batched path's non-committed items).</summary>
    public Task RecordOutcomeAsync(string recordId, string rotationId, V1.SyncOutcome outcome) =>
        RecordAsync(recordId, rotationId, new SyncOutcomeOrRefusal(outcome, null));

    private Task RecordAsync(string recordId, string rotationId, SyncOutcomeOrRefusal result)
    {
        if (result.Refusal is { } refusal)
        {
            var reason = refusal.GetReason() ?? refusal.StatusCode.ToString();
            var status = refusal.StatusCode == StatusCode.NotFound
                         || (refusal.StatusCode == StatusCode.FailedPrecondition && reason != "ROTATION_PENDING")
                ? VaultJobItemStatus.Skipped
                : VaultJobItemStatus.Failed;
            return recorder.RecordAsync(recordId, status, reason, refusal.Status.Detail, rotationId);
        }

        var outcome = result.Outcome!;
        return outcome.VaultUpdated
            ? recorder.RecordAsync(recordId, VaultJobItemStatus.Succeeded, "",
                outcome.Message.Length > 0 ? outcome.Message : "Rotated.", rotationId)
            : recorder.RecordAsync(recordId, VaultJobItemStatus.Failed, outcome.ReasonCode,
                outcome.Message.Length > 0 ? outcome.Message : "The rotation was aborted.", rotationId);
    }

    /// <summary>The rotator's request errors: the rotation was refused before anything was begun.</summary>
    private static bool RefusedBeforeBegin(RpcException e) => e.StatusCode is StatusCode.NotFound
        or StatusCode.FailedPrecondition or StatusCode.InvalidArgument or StatusCode.Aborted
        or StatusCode.PermissionDenied;

    public void Dispose() => settling.Dispose();

    private sealed record SyncOutcomeOrRefusal(V1.SyncOutcome? Outcome, RpcException? Refusal);
}

/// <summary>The facts of one job run that every item needs.</summary>
internal sealed record JobRunSettings(string JobId, string Owner, bool DryRun, bool VerifyAfterSet, int Concurrency);
