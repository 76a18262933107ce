using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Telemetry;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using GetListRequest = PasswordSync.Vault.V1.GetListRequest;
using GetRecordRequest = PasswordSync.Vault.V1.GetRecordRequest;
using Record = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Gateway.Sync.Rotation;

/// <summary>
/// The crash-safe rotation protocol (architecture page): BEGIN (the new password durable in the vault as the record's
/// pending rotation, under a lease owned by this gateway instance) → APPLY (reset under a deadline shorter than the
/// lease) → VERIFY (one bind on the server that took the write) → COMMIT, or ABORT only when the directory certainly
/// refused. An unknown outcome leaves the pending password for the reconciler: a password is never dropped without
/// proof that the directory does not hold it.
/// </summary>
internal sealed class RecordRotator(
    PasswordRecords.PasswordRecordsClient records,
    PasswordLists.PasswordListsClient lists,
    PasswordGenerator.PasswordGeneratorClient generator,
    RotationJournal.RotationJournalClient journal,
    SyncMaterialService.SyncMaterialServiceClient material,
    ISyncEligibilityEvaluator eligibility,
    DirectoryApplier applier,
    FirstOutcomeLookup firstOutcomes,
    AccountLocks locks,
    CrashPoints crashPoints,
    GatewayInstance instance,
    IOptions<RotationOptions> options,
    TimeProvider clock,
    ILogger<RecordRotator> logger) : IRecordRotator
{
    private const string PolicyReason = "PASSWORD_POLICY";

    public async Task<SyncOutcome> RotateAsync(RotationCommand command, CancellationToken cancellationToken)
    {
        var record = await GetRecordAsync(command.RecordId, cancellationToken);
        var list = await lists.GetListAsync(new GetListRequest { Id = record.ListId }, deadline: VaultDeadline(),
            cancellationToken: cancellationToken);
        var eligible = await eligibility.EvaluateAsync(record, list, cancellationToken);
        if (!eligible.Enabled)
        {
            throw RpcErrors.Create(StatusCode.FailedPrecondition, Reason.Configuration,
                $"Record '{record.Id}' is not sync-enabled, so its password cannot be synchronised: {eligible.DisabledReason}");
        }

        var ids = RotationIds.For(command);
        using var accountLock = await locks.AcquireAsync(eligible.Target!.Id,
            Checks.CheckAccountKey.For(eligible.Target.Kind, record.UserName), cancellationToken);

        // Read again under the lock: a rotation of this account may have finished while this one waited.
        record = await GetRecordAsync(command.RecordId, cancellationToken);
        if (command.RequestId is { Length: > 0 })
        {
            if (ids.Contains(record.PendingRotation?.RotationId))
            {
                return SyncOutcomes.StillPending(record);
            }

            if (await firstOutcomes.FindAsync(record, ids, command.VerifyAfterSet, cancellationToken) is { } first)
            {
                RotatorLog.Replayed(logger, record.Id);
                return first;
            }
        }

        // Pending first: a caller whose version predates the running rotation learns why, not just "read again".
        if (record.PendingRotation is { RotationId.Length: > 0 } pending)
        {
            throw PendingRefusal(record.Id, pending.RotationId);
        }

        if (command.ExpectedVersion is { } expected && expected != record.Version)
        {
            throw RpcErrors.VersionConflict("Record", record.Id);
        }

        var attempt = await AttemptAsync(record, ids.First, command, retried: false, cancellationToken);
        if (command.NewPassword is null && attempt.RefusedBy == PolicyReason)
        {
            // The list's policy and the directory's disagree, or a generated password hit a rule the generator
            // cannot know (e.g. it contains the account name): one fresh password, then the reason.
            RotatorLog.RetryingAfterPolicy(logger, ids.First, record.Id);
            attempt = await AttemptAsync(record, ids.Retry, command, retried: true, cancellationToken);
        }

        return attempt.Outcome;
    }

    private async Task<Attempt> AttemptAsync(Record record, string rotationId, RotationCommand command, bool retried,
        CancellationToken cancellationToken)
    {
        var password = command.NewPassword ?? await GenerateAsync(record.ListId, cancellationToken);
        var begunAt = clock.GetTimestamp();
        RotationState begun;
        try
        {
            begun = await journal.BeginRotationAsync(new BeginRotationRequest
            {
                RequestId = RotationIds.BeginRequest(rotationId),
                RecordId = record.Id,
                RotationId = rotationId,
                NewPassword = password,
                Owner = instance.Id,
                Lease = Duration.FromTimeSpan(options.Value.RotationLease),
                Reason = command.Reason,
            }, deadline: VaultDeadline(), cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.GetReason() == RpcErrors.ReasonName(Reason.RotationPending))
        {
            throw PendingRefusal(record.Id, null);
        }

        RotatorLog.Begun(logger, rotationId, record.Id, command.Reason, begun.Pending?.LeaseExpiresAt?.ToDateTimeOffset());
        crashPoints.Hit(CrashPoints.AfterBegin);

        // From here on the caller hanging up must not stop the protocol halfway: every call has its own deadline.
        var token = CancellationToken.None;

        // Apply what the vault holds as pending, not the local copy: a begin replayed for a retried request returns
        // the first attempt's state, whose password (if generated) differs from this attempt's.
        var sync = await material.GetSyncMaterialAsync(new GetSyncMaterialRequest { RecordId = record.Id },
            deadline: VaultDeadline(), cancellationToken: token);
        if (sync.Pending is not { } pending || pending.RotationId != rotationId || pending.Owner != instance.Id)
        {
            return new Attempt(SyncOutcomes.StillPending(await GetRecordAsync(record.Id, token)), null);
        }

        if (!await EnsureLeaseAsync(record.Id, rotationId, begunAt))
        {
            return LeftPending(record.Id, rotationId, "LEASE_LOST",
                "the rotation's lease could not be renewed before the directory write, so nothing was written", begun);
        }

        var target = DirectoryTargetMapper.ToDirectoryTarget(sync.Target);
        var applied = await applier.ApplyAsync(target, sync.UserName, pending.Password,
            sync.HasCurrentPassword ? sync.CurrentPassword : null, command.VerifyAfterSet, token);
        crashPoints.Hit(CrashPoints.AfterApply);

        return applied switch
        {
            ApplyResult.Applied { Write: var write } when command.VerifyAfterSet
                                                          && write.Verification is not { PasswordCorrect: true } =>
                LeftPendingAfterFailedVerify(record.Id, rotationId, write, begun),
            ApplyResult.Applied { Write: var write } =>
                await CommitAsync(record.Id, rotationId, write, command.VerifyAfterSet, retried),
            ApplyResult.Refused refused => await AbortAsync(record.Id, rotationId, refused, retried, begun),
            ApplyResult.Ambiguous ambiguous => LeftPending(record.Id, rotationId, ambiguous.ReasonCode,
                ambiguous.Message, begun),
            _ => throw new InvalidOperationException("Unknown apply result."),
        };
    }

    private async Task<Attempt> CommitAsync(string recordId, string rotationId, Directory.V1.WriteResponse write,
        bool verified, bool retried)
    {
        var request = new CommitRotationRequest
        {
            RequestId = RotationIds.CommitRequest(rotationId),
            RecordId = recordId,
            RotationId = rotationId,
            DirectoryPasswordLastSet = write.PasswordLastSetRaw,
        };
        try
        {
            var committed = await VaultRetry.IdempotentAsync(
                () => journal.CommitRotationAsync(request, deadline: VaultDeadline()).ResponseAsync);
            RotatorLog.Committed(logger, rotationId, recordId, write.Server, verified);
            RotationTelemetry.Settled(RotationOutcome.Committed, null, rotationId);
            return new Attempt(SyncOutcomes.Committed(recordId, write.Server, verified, committed.RecordVersion, retried),
                null);
        }
        catch (RpcException e)
        {
            RotatorLog.CommitFailed(logger, rotationId, recordId, e.StatusCode.ToString());
            RotationTelemetry.Settled(RotationOutcome.CommitUnconfirmed, "VAULT_UNAVAILABLE", rotationId);
            return new Attempt(SyncOutcomes.CommitUnconfirmed(recordId, write.Server, verified, rotationId,
                $"{e.StatusCode}: {e.Status.Detail}"), null);
        }
    }

    private async Task<Attempt> AbortAsync(string recordId, string rotationId, ApplyResult.Refused refused,
        bool retried, RotationState begun)
    {
        var request = new AbortRotationRequest
        {
            RequestId = RotationIds.AbortRequest(rotationId),
            RecordId = recordId,
            RotationId = rotationId,
            Reason = JournalReasons.Format(refused.ReasonCode, refused.Message),
        };
        try
        {
            var aborted = await VaultRetry.IdempotentAsync(
                () => journal.AbortRotationAsync(request, deadline: VaultDeadline()).ResponseAsync);
            RotatorLog.Aborted(logger, rotationId, recordId, refused.ReasonCode);
            RotationTelemetry.Settled(RotationOutcome.Aborted, refused.ReasonCode, rotationId);
            return new Attempt(SyncOutcomes.Aborted(recordId, refused.ReasonCode, refused.Message,
                aborted.RecordVersion, retried), refused.ReasonCode);
        }
        catch (RpcException e)
        {
            // Still pending: the reconciler will find the current password proven and drop the refused one.
            return LeftPending(recordId, rotationId, refused.ReasonCode,
                $"the directory refused the new password ({refused.Message}), but the vault did not confirm dropping "
                + $"it ({e.StatusCode})", begun);
        }
    }

    private Attempt LeftPending(string recordId, string rotationId, string reasonCode, string why, RotationState begun)
    {
        RotatorLog.LeftPending(logger, rotationId, recordId, reasonCode);
        RotationTelemetry.Settled(RotationOutcome.Pending, reasonCode, rotationId);
        return new Attempt(SyncOutcomes.Pending(recordId, reasonCode, why, rotationId, begun.Pending?.LeaseExpiresAt,
            begun.RecordVersion), null);
    }

    private Attempt LeftPendingAfterFailedVerify(string recordId, string rotationId,
        Directory.V1.WriteResponse write, RotationState begun)
    {
        RotatorLog.LeftPending(logger, rotationId, recordId, "VERIFY_FAILED");
        RotationTelemetry.Settled(RotationOutcome.Pending, "VERIFY_FAILED", rotationId);
        var detail = write.Verification is { } verification
            ? $"{verification.Outcome}: {verification.Detail}"
            : "no verification was returned";
        return new Attempt(SyncOutcomes.VerifyFailed(recordId, write.Server, detail, rotationId,
            begun.Pending?.LeaseExpiresAt, begun.RecordVersion), null);
    }

    /// <summary>
    /// Renews the lease when what is left of it may not cover the directory write (reset, and the change fallback,
    /// each under the apply deadline) plus the margin; false when it could not be renewed (then nothing is written).
    /// </summary>
    private async Task<bool> EnsureLeaseAsync(string recordId, string rotationId, long begunAt)
    {
        var settings = options.Value;
        var needed = clock.GetElapsedTime(begunAt) + (2 * settings.ApplyDeadline) + RotationOptionsValidator.Margin;
        if (needed <= settings.RotationLease)
        {
            return true;
        }

        try
        {
            await journal.RenewRotationLeaseAsync(new RenewRotationLeaseRequest
            {
                RecordId = recordId,
                RotationId = rotationId,
                Owner = instance.Id,
                Lease = Duration.FromTimeSpan(settings.RotationLease),
            }, deadline: VaultDeadline());
            RotatorLog.LeaseRenewed(logger, rotationId, recordId);
            return true;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    private async Task<string> GenerateAsync(string listId, CancellationToken cancellationToken)
    {
        var generated = await generator.GeneratePasswordAsync(new GeneratePasswordRequest { ListId = listId, Count = 1 },
            deadline: VaultDeadline(), cancellationToken: cancellationToken);
        return generated.Passwords[0];
    }

    private async Task<Record> GetRecordAsync(string recordId, CancellationToken cancellationToken)
    {
        var record = await records.GetRecordAsync(new GetRecordRequest { Id = recordId }, deadline: VaultDeadline(),
            cancellationToken: cancellationToken);
        return record.DeleteTime is null ? record : throw RpcErrors.NotFound("Record", recordId);
    }

    private static RpcException PendingRefusal(string recordId, string? rotationId) =>
        RpcErrors.Create(StatusCode.FailedPrecondition, Reason.RotationPending,
            $"Record '{recordId}' already has a password change in progress"
            + (rotationId is null ? "" : $" (rotation '{rotationId}')")
            + ": wait for it to finish (or for the reconciler to settle it), read the record again, and retry.");

    private DateTime VaultDeadline() => clock.GetUtcNow().UtcDateTime + options.Value.VaultCallTimeout;

    /// <summary>One attempt's answer; <see cref="RefusedBy"/> is the reason code when the directory refused it.</summary>
    private sealed record Attempt(SyncOutcome Outcome, string? RefusedBy);
}
