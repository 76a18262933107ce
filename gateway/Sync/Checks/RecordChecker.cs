using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.V1;
using CheckResult = PasswordSync.V1.CheckResult;
using CheckStatus = PasswordSync.V1.CheckStatus;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// <see cref="IRecordChecker"/>: loads the record, its list and its eligibility, takes the passwords and the target's
/// credential from the vault, runs the lockout-safe <see cref="CheckEngine"/>, and records what a check of the stored
/// password proved (in sync / out of sync, with the directory's password-last-set value) in the vault. The steps are
/// also callable one by one, so the public call can authorise and rate-limit between them.
/// </summary>
internal sealed class RecordChecker(
    PasswordRecords.PasswordRecordsClient records,
    PasswordLists.PasswordListsClient lists,
    SyncMaterialService.SyncMaterialServiceClient syncMaterial,
    ISyncEligibilityEvaluator eligibility,
    CheckEngine engine,
    IOptions<CheckOptions> options,
    TimeProvider clock,
    ILogger<RecordChecker> logger) : IRecordChecker
{
    public async Task<CheckResult> CheckRecordAsync(string recordId, string? candidatePassword,
        CancellationToken cancellationToken)
    {
        var record = await LoadRecordAsync(recordId, cancellationToken);
        var plan = await PlanAsync(record, cancellationToken);
        return await RunAsync(plan, candidatePassword, cancellationToken);
    }

    /// <summary>The live record; NotFound for an unknown or deleted one.</summary>
    public async Task<Record> LoadRecordAsync(string recordId, CancellationToken cancellationToken)
    {
        var record = await records.GetRecordAsync(new GetRecordRequest { Id = recordId }, deadline: VaultDeadline(),
            cancellationToken: cancellationToken);
        if (record.DeleteTime is not null)
        {
            throw RpcErrors.Create(StatusCode.NotFound, Reason.NotFound,
                $"Record '{recordId}' is deleted: restore it before checking its password.");
        }

        return record;
    }

    public async Task<RecordCheckPlan> PlanAsync(Record record, CancellationToken cancellationToken)
    {
        var list = await lists.GetListAsync(new GetListRequest { Id = record.ListId }, deadline: VaultDeadline(),
            cancellationToken: cancellationToken);
        var verdict = await eligibility.EvaluateAsync(record, list, cancellationToken);
        return new RecordCheckPlan(record, list, verdict);
    }

    public async Task<CheckResult> RunAsync(RecordCheckPlan plan, string? candidatePassword,
        CancellationToken cancellationToken)
    {
        var record = plan.Record;
        if (plan.Eligibility is not { Enabled: true, Target: { } target })
        {
            return CheckResults.NotSyncEnabled(record.Id, plan.Eligibility.DisabledReason ?? "Not sync-enabled.",
                clock.GetUtcNow());
        }

        var material = await syncMaterial.GetSyncMaterialAsync(
            new GetSyncMaterialRequest { RecordId = record.Id, TargetId = target.Id }, deadline: VaultDeadline(),
            cancellationToken: cancellationToken);
        var isCandidate = candidatePassword is not null;
        if (!isCandidate && Unanswerable(material) is { } refused)
        {
            refused.RecordId = record.Id;
            return refused;
        }

        var subject = new CheckSubject(DirectoryTargetMapper.ToDirectoryTarget(material.Target), material.UserName,
            candidatePassword ?? material.CurrentPassword, isCandidate,
            isCandidate ? null : DriftBaseline(record, material));
        var outcome = await engine.CheckAsync(subject, cancellationToken);
        outcome.Result.RecordId = record.Id;
        if (!isCandidate)
        {
            await RecordVerdictAsync(record.Id, outcome, cancellationToken);
        }

        return outcome.Result;
    }

    /// <summary>A stored-password check that must not bind at all: nothing stored, or a rotation in flight.</summary>
    private CheckResult? Unanswerable(SyncMaterialResponse material)
    {
        if (material.Pending is { } pending)
        {
            // The directory may hold the pending password already: a bind with the current one would prove nothing
            // and could count as a failure; the rotation (or the reconciler) settles which one is right.
            return CheckResults.Create(CheckStatus.Error, CheckResults.RotationPendingCode,
                $"A rotation of this record is in flight (lease until {pending.LeaseExpiresAt?.ToDateTimeOffset():u}): "
                + "check again once it has finished; if its gateway died, the reconciler settles it after the lease.",
                "", clock.GetUtcNow());
        }

        return material.HasCurrentPassword
            ? null
            : CheckResults.Create(CheckStatus.Error, CheckResults.NoPasswordCode,
                "The record has no stored password to check: save and sync one, or check a supplied candidate.", "",
                clock.GetUtcNow());
    }

    /// <summary>
    /// The stored password-last-set value, when it still describes the stored password. A password set by hand after
    /// the last verification (vault times on both sides, so no cross-clock comparison) makes it stale: a bind decides.
    /// </summary>
    private static string? DriftBaseline(Record record, SyncMaterialResponse material)
    {
        if (material.DirectoryPasswordLastSet.Length == 0)
        {
            return null;
        }

        var changed = record.PasswordChangeTime?.ToDateTimeOffset();
        var verified = record.LastVerifyTime?.ToDateTimeOffset();
        return changed is not null && (verified is null || changed > verified) ? null : material.DirectoryPasswordLastSet;
    }

    private async Task RecordVerdictAsync(string recordId, CheckOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Verdict is not { } verdict)
        {
            return;
        }

        var result = outcome.Result;
        var request = new RecordSyncStateRequest
        {
            RecordId = recordId,
            State = verdict,
            Reason = Truncate(result.ReasonCode.Length > 0 ? $"{result.ReasonCode}: {result.Message}" : result.Message),
            DirectoryPasswordLastSet = outcome.ProvenPasswordLastSet ?? "",
        };
        try
        {
            await syncMaterial.RecordSyncStateAsync(request, deadline: VaultDeadline(),
                cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The check's answer stands on its own; the next check records it again.
            CheckLog.SyncStateNotRecorded(logger, recordId, e.StatusCode);
        }
    }

    // The vault keeps at most 1000 characters of reason.
    private static string Truncate(string reason) => reason.Length <= 1000 ? reason : reason[..997] + "...";

    private DateTime VaultDeadline() => DateTime.UtcNow + options.Value.VaultCallTimeout;
}
