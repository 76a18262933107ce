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
/// also callable one by one, so the public call can authorise and rate-limit between them; the sync report uses
/// <see cref="CheckStoredAsync"/>, which reads nothing the report already holds and leaves recording to it.
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

        var check = await CheckOnTargetAsync(record.Id, target.Id, candidatePassword, null, cancellationToken);
        if (check.Verdict is { } verdict)
        {
            await RecordVerdictAsync(verdict, cancellationToken);
        }

        return check.Result;
    }

    /// <summary>
    /// The sync report's check of a sync-enabled record's stored password. The report already holds the record and its
    /// list from its page and has decided eligibility, so nothing is read again but the sync material (the password,
    /// the pending rotation, the drift baseline, as of now). The directory calls run inside <paramref name="slot"/>; the
    /// verdict is returned, not recorded, for the report to record with others in one vault transaction. The material
    /// comes from <paramref name="material"/> (the report's batcher: one vault call for the checks asking at once), the
    /// account's state may come from <paramref name="states"/> (the report's read-ahead), and the bind goes through
    /// <paramref name="binds"/> (the report's streams).
    /// </summary>
    public Task<RecordCheck> CheckStoredAsync(string recordId, DirectorySlot slot, MaterialSource material,
        AccountStateSource? states, BindSource? binds, CancellationToken cancellationToken) =>
        CheckOnTargetAsync(recordId, material, null, slot, new ReportHooks(states, binds), cancellationToken);

    private Task<RecordCheck> CheckOnTargetAsync(string recordId, string targetId, string? candidatePassword,
        DirectorySlot? slot, CancellationToken cancellationToken) =>
        CheckOnTargetAsync(recordId, async ct => await syncMaterial.GetSyncMaterialAsync(
            new GetSyncMaterialRequest { RecordId = recordId, TargetId = targetId }, deadline: VaultDeadline(),
            cancellationToken: ct), candidatePassword, slot, null, cancellationToken);

    private async Task<RecordCheck> CheckOnTargetAsync(string recordId, MaterialSource readMaterial,
        string? candidatePassword, DirectorySlot? slot, ReportHooks? report, CancellationToken cancellationToken)
    {
        var material = await readMaterial(cancellationToken);
        var isCandidate = candidatePassword is not null;
        if (!isCandidate && Unanswerable(material) is { } refused)
        {
            refused.RecordId = recordId;
            return new RecordCheck(refused, null);
        }

        var subject = new CheckSubject(DirectoryTargetMapper.ToDirectoryTarget(material.Target), material.UserName,
            candidatePassword ?? material.CurrentPassword, isCandidate,
            isCandidate ? null : DriftBaseline(material));
        var outcome = await engine.CheckAsync(subject, slot, report?.States, report?.Binds, cancellationToken);
        outcome.Result.RecordId = recordId;
        return new RecordCheck(outcome.Result, isCandidate ? null : Verdict(recordId, material.RecordVersion, outcome));
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
    private static string? DriftBaseline(SyncMaterialResponse material)
    {
        if (material.DirectoryPasswordLastSet.Length == 0)
        {
            return null;
        }

        // From the material, not the record: the same read as the password being checked, however old the caller's
        // copy of the record (a report's page) is.
        var changed = material.PasswordChangeTime?.ToDateTimeOffset();
        var verified = material.LastVerifyTime?.ToDateTimeOffset();
        return changed is not null && (verified is null || changed > verified) ? null : material.DirectoryPasswordLastSet;
    }

    /// <summary>What the check proved, for the vault; null when it proved nothing (the stored state is left alone).</summary>
    private static SyncStateItem? Verdict(string recordId, long recordVersion, CheckOutcome outcome)
    {
        if (outcome.Verdict is not { } verdict)
        {
            return null;
        }

        var result = outcome.Result;
        return new SyncStateItem
        {
            RecordId = recordId,
            State = verdict,
            Reason = Truncate(result.ReasonCode.Length > 0 ? $"{result.ReasonCode}: {result.Message}" : result.Message),
            DirectoryPasswordLastSet = outcome.ProvenPasswordLastSet ?? "",
            ExpectedVersion = recordVersion,
        };
    }

    private async Task RecordVerdictAsync(SyncStateItem verdict, CancellationToken cancellationToken)
    {
        var request = new RecordSyncStateRequest
        {
            RecordId = verdict.RecordId,
            State = verdict.State,
            Reason = verdict.Reason,
            DirectoryPasswordLastSet = verdict.DirectoryPasswordLastSet,
        };
        try
        {
            await syncMaterial.RecordSyncStateAsync(request, deadline: VaultDeadline(),
                cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The check's answer stands on its own; the next check records it again.
            CheckLog.SyncStateNotRecorded(logger, verdict.RecordId, e.StatusCode);
        }
    }

    // The vault keeps at most 1000 characters of reason.
    private static string Truncate(string reason) => reason.Length <= 1000 ? reason : reason[..997] + "...";

    private DateTime VaultDeadline() => DateTime.UtcNow + options.Value.VaultCallTimeout;

    /// <summary>What a sync report lends its checks: states read ahead and its bind streams.</summary>
    private sealed record ReportHooks(AccountStateSource? States, BindSource? Binds);
}
