using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Sync.Rotation;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Reconciliation;

/// <summary>
/// Settles one pending rotation by evidence (architecture page, step 5). The PENDING password is tried first: AD
/// accepts the previous password for a while after a reset, so a successful bind with the current one would prove
/// nothing while the pending one is untested. Pending proven → commit. Pending rejected and current proven → abort
/// (the pending one is provably not the directory's). Anything else → out of sync, both kept, retried later. A
/// candidate is never dropped without proof.
/// </summary>
internal sealed class PendingRotationResolver(
    RotationJournal.RotationJournalClient journal,
    SyncMaterialService.SyncMaterialServiceClient material,
    EvidenceCollector evidence,
    AccountLocks locks,
    GatewayInstance instance,
    IOptions<RotationOptions> rotationOptions,
    IOptions<ReconciliationOptions> options,
    TimeProvider clock,
    ILogger<PendingRotationResolver> logger) : IPendingRotationResolver
{
    public async Task<PendingResolution> ResolveAsync(string recordId, CancellationToken cancellationToken)
    {
        var claim = await journal.ClaimRotationAsync(new ClaimRotationRequest
        {
            RecordId = recordId,
            NewOwner = instance.Id,
            Lease = Duration.FromTimeSpan(rotationOptions.Value.RotationLease),
        }, deadline: VaultDeadline(), cancellationToken: cancellationToken);
        var rotationId = claim.State?.Pending?.RotationId;
        if (!claim.Claimed || rotationId is not { Length: > 0 })
        {
            return new PendingResolution(PendingOutcome.NotClaimable, rotationId,
                "Nothing to settle: no pending rotation, its lease still runs, or another gateway claimed it.");
        }

        var resolution = await SettleAsync(recordId, rotationId, cancellationToken);
        ReconcilerLog.Resolved(logger, rotationId, recordId, resolution.Outcome.ToString());
        return resolution;
    }

    private async Task<PendingResolution> SettleAsync(string recordId, string rotationId,
        CancellationToken cancellationToken)
    {
        SyncMaterialResponse sync;
        try
        {
            sync = await material.GetSyncMaterialAsync(new GetSyncMaterialRequest { RecordId = recordId },
                deadline: VaultDeadline(), cancellationToken: cancellationToken);
        }
        catch (RpcException e)
        {
            return await MarkOutOfSyncAsync(recordId, rotationId,
                $"{e.GetReason() ?? e.StatusCode.ToString()}: the record's target or passwords could not be read "
                + $"({e.Status.Detail}); both passwords are kept");
        }

        if (sync.Pending?.RotationId != rotationId)
        {
            return new PendingResolution(PendingOutcome.NotClaimable, rotationId,
                "The pending rotation changed while it was being claimed.");
        }

        var target = DirectoryTargetMapper.ToDirectoryTarget(sync.Target);
        using var accountLock = await locks.AcquireAsync(sync.Target.Target.Id, sync.UserName, cancellationToken);

        var pending = await evidence.ProveAsync(target, sync.UserName, sync.Pending.Password, cancellationToken);
        if (pending.Kind == EvidenceKind.Proven)
        {
            await VaultRetry.IdempotentAsync(() => journal.CommitRotationAsync(new CommitRotationRequest
            {
                RequestId = RotationIds.CommitRequest(rotationId),
                RecordId = recordId,
                RotationId = rotationId,
                DirectoryPasswordLastSet = pending.PasswordLastSetRaw,
            }, deadline: VaultDeadline()).ResponseAsync);
            return new PendingResolution(PendingOutcome.Committed, rotationId,
                $"The directory holds the pending password ({pending.Detail}): committed.");
        }

        if (pending.Kind == EvidenceKind.Unproven)
        {
            // A bind that proved nothing (skipped, account problem, directory unreachable) is no proof that the
            // pending password did not land: a current-password bind now could be AD's old-password window talking.
            return await MarkOutOfSyncAsync(recordId, rotationId,
                $"{pending.ReasonCode}: the pending password could not be tested ({pending.Detail}); both passwords "
                + "are kept and tried again later");
        }

        if (!sync.HasCurrentPassword)
        {
            return await MarkOutOfSyncAsync(recordId, rotationId,
                "INVALID_CREDENTIALS: the directory rejected the pending password and the record has no current "
                + "password to prove instead; the pending one is kept and tried again later");
        }

        var current = await evidence.ProveAsync(target, sync.UserName, sync.CurrentPassword, cancellationToken);
        if (current.Kind == EvidenceKind.Proven)
        {
            await VaultRetry.IdempotentAsync(() => journal.AbortRotationAsync(new AbortRotationRequest
            {
                RequestId = RotationIds.AbortRequest(rotationId),
                RecordId = recordId,
                RotationId = rotationId,
                Reason = JournalReasons.Format("RECONCILED",
                    $"the pending password was never applied: the directory rejected it ({pending.Detail}) and "
                    + $"accepts the current one ({current.Detail})"),
            }, deadline: VaultDeadline()).ResponseAsync);
            return new PendingResolution(PendingOutcome.Aborted, rotationId,
                $"The current password is proven ({current.Detail}) and the pending one was rejected: pending dropped.");
        }

        return await MarkOutOfSyncAsync(recordId, rotationId,
            $"{(current.Kind == EvidenceKind.Rejected ? "PASSWORD_UNKNOWN" : current.ReasonCode)}: the directory "
            + $"accepts neither password (pending: {pending.Detail}; current: {current.Detail}); it was probably "
            + "changed outside PasswordSync. Both passwords are kept: set the account's password with save and sync "
            + "once the pending rotation is settled, or reset it in the directory to one of them");
    }

    private async Task<PendingResolution> MarkOutOfSyncAsync(string recordId, string rotationId, string reason)
    {
        var retryAfter = options.Value.OutOfSyncRetryAfter;
        await VaultRetry.IdempotentAsync(() => journal.MarkOutOfSyncAsync(new MarkOutOfSyncRequest
        {
            RecordId = recordId,
            RotationId = rotationId,
            Reason = reason.Length <= 1000 ? reason : reason[..1000],
            RetryAfter = Duration.FromTimeSpan(retryAfter),
        }, deadline: VaultDeadline()).ResponseAsync);
        return new PendingResolution(PendingOutcome.OutOfSync, rotationId,
            $"Neither password is proven ({reason}); marked out of sync, retried in {retryAfter}.");
    }

    private DateTime VaultDeadline() => clock.GetUtcNow().UtcDateTime + rotationOptions.Value.VaultCallTimeout;
}
