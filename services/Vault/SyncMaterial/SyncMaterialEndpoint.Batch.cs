using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Rotations;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.SyncMaterial;

internal sealed partial class SyncMaterialEndpoint
{
    /// <summary>Items per batch: a report flushes far fewer; the cap bounds one transaction's time and size.</summary>
    public const int MaxBatchItems = 500;

    /// <summary>
    /// Many check outcomes in one durable transaction, each audited exactly as <see cref="RecordSyncState"/> audits
    /// one. Every item is validated before the store is touched, so a malformed batch stores nothing.
    /// </summary>
    public override async Task<RecordSyncStatesResponse> RecordSyncStates(RecordSyncStatesRequest request,
        ServerCallContext context)
    {
        Validate(request);
        var caller = context.GetCaller();
        var updates = request.Items.Select(item => new SyncStateUpdate(
            item.RecordId,
            item.ExpectedVersion == 0 ? null : item.ExpectedVersion,
            item.State.ToModel(),
            item.Reason,
            item.DirectoryPasswordLastSet.Length == 0 ? null : item.DirectoryPasswordLastSet,
            new AuditDraft
            {
                Action = AuditAction.SyncStateRecorded,
                Actor = caller.Actor,
                RecordId = item.RecordId,
                Detail = $"{item.State.ToModel()}: {item.Reason}",
            })).ToList();
        var outcomes = await store.Records.RecordSyncStatesAsync(updates, clock.GetUtcNow(), context.CancellationToken);

        var response = new RecordSyncStatesResponse();
        foreach (var outcome in outcomes)
        {
            response.Outcomes.Add(outcome.Record is { } record
                ? new SyncStateItemOutcome { RecordId = outcome.RecordId, Recorded = true, RecordVersion = record.Version }
                : new SyncStateItemOutcome
                {
                    RecordId = outcome.RecordId,
                    ReasonCode = outcome.Error?.Error == StoreError.VersionConflict
                        ? RpcErrors.ReasonName(Common.V1.Reason.VersionConflict)
                        : RpcErrors.ReasonName(Common.V1.Reason.NotFound),
                    Message = outcome.Error?.Message ?? "",
                });
        }

        SyncMaterialLog.StatesRecorded(logger, outcomes.Count(o => o.Record is not null), outcomes.Count, caller.Actor);
        return response;
    }

    private static void Validate(RecordSyncStatesRequest request)
    {
        var rules = new InputRules().BatchSize("items", request.Items.Count, MaxBatchItems, "check outcomes");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < request.Items.Count && i < MaxBatchItems; i++)
        {
            var item = request.Items[i];
            var at = $"items[{i}]";
            rules.Id($"{at}.record_id", item.RecordId)
                .Text($"{at}.reason", item.Reason, 1000)
                .Text($"{at}.directory_password_last_set", item.DirectoryPasswordLastSet, 64);
            if (!Enum.IsDefined(item.State))
            {
                rules.Add($"{at}.state", "is not a known sync state.");
            }

            if (item.ExpectedVersion < 0)
            {
                rules.Add($"{at}.expected_version", "must be 0 (any version) or the version the check read.");
            }

            if (item.RecordId.Length > 0 && !seen.TryAdd(item.RecordId, i))
            {
                rules.Add($"{at}.record_id", $"repeats items[{seen[item.RecordId]}]: one outcome per record per call.");
            }
        }

        rules.ThrowIfAny();
    }
}
