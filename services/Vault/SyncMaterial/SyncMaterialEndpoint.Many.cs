using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Grpc;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Rotations;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.SyncMaterial;

internal sealed partial class SyncMaterialEndpoint
{
    /// <summary>Items per call: a report asks for a handful at a time; the cap bounds one transaction and one reply.</summary>
    public const int MaxMaterialItems = 100;

    /// <summary>
    /// The sync material of many records, each served exactly as <see cref="GetSyncMaterial"/> serves one, with all
    /// their audit events in one durable transaction before any of it is returned (a sync report's check of a record
    /// otherwise costs the vault a call and an fsync of its own). An item that call would refuse gets the refusal as
    /// its outcome, and no audit event.
    /// </summary>
    public override async Task<GetSyncMaterialsResponse> GetSyncMaterials(GetSyncMaterialsRequest request,
        ServerCallContext context)
    {
        Validate(request);
        var caller = context.GetCaller();
        var targets = new Dictionary<string, Model.Target>(StringComparer.Ordinal);
        var response = new GetSyncMaterialsResponse();
        var audits = new List<AuditDraft>(request.Items.Count);
        foreach (var item in request.Items)
        {
            try
            {
                var record = await store.Records.GetLiveAsync(item.RecordId, context.CancellationToken);
                var target = await ResolveTargetOnceAsync(record, item.TargetId, targets, context.CancellationToken);
                response.Outcomes.Add(new SyncMaterialOutcome { RecordId = item.RecordId, Material = Material(record, target) });
                audits.Add(UseAudited(record, target, caller.Actor));
            }
            catch (StoreException e)
            {
                response.Outcomes.Add(Refused(item.RecordId, StoreExceptionInterceptor.ToRpcException(e)));
            }
            catch (RpcException e)
            {
                response.Outcomes.Add(Refused(item.RecordId, e));
            }
        }

        if (audits.Count > 0)
        {
            await store.Audit.AppendManyAsync(audits, context.CancellationToken);
        }

        SyncMaterialLog.ServedMany(logger, audits.Count, request.Items.Count, caller.Actor);
        return response;
    }

    /// <summary>Targets resolved once per call: a report's records mostly share one.</summary>
    private async Task<Model.Target> ResolveTargetOnceAsync(PasswordRecord record, string targetId,
        Dictionary<string, Model.Target> resolved, CancellationToken cancellationToken)
    {
        var key = targetId.Length > 0 ? $"id\n{targetId}" : $"name\n{record.DomainOrHost}";
        if (!resolved.TryGetValue(key, out var target))
        {
            target = await ResolveTargetAsync(record, targetId, cancellationToken);
            resolved[key] = target;
        }

        return target;
    }

    private static SyncMaterialOutcome Refused(string recordId, RpcException refusal) => new()
    {
        RecordId = recordId,
        StatusCode = (int)refusal.StatusCode,
        ReasonCode = refusal.GetReason() ?? "",
        Message = refusal.Status.Detail,
    };

    private static void Validate(GetSyncMaterialsRequest request)
    {
        var rules = new InputRules().BatchSize("items", request.Items.Count, MaxMaterialItems, "records");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Items.Count && i < MaxMaterialItems; i++)
        {
            var item = request.Items[i];
            rules.Id($"items[{i}].record_id", item.RecordId)
                .Id($"items[{i}].target_id", item.TargetId, required: false);
            if (item.RecordId.Length > 0 && !seen.Add(item.RecordId))
            {
                rules.Add($"items[{i}].record_id", $"repeats record '{item.RecordId}': ask for each record once.");
            }
        }

        rules.ThrowIfAny();
    }
}
