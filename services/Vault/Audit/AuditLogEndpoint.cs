using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;
using ProtoAuditEvent = PasswordSync.Vault.V1.AuditEvent;

namespace PasswordSync.Vault.Audit;

/// <summary>The hash-chained audit log: the gateway's own events in, queries and chain verification out.</summary>
internal sealed class AuditLogEndpoint(IVaultStore store) : V1.AuditLogService.AuditLogServiceBase
{
    /// <summary>
    /// What the gateway may append itself. Everything else (reveals, rotations, changes) the vault writes in the same
    /// atomic step as the change, so the gateway cannot claim a change that did not happen.
    /// </summary>
    private static readonly HashSet<AuditAction> GatewayActions = new HashSet<AuditAction>
    {
        AuditAction.OperationFailed, AuditAction.ApiKeyUsed, AuditAction.SyncStateRecorded,
        AuditAction.JobItemRecorded, AuditAction.PasswordChecked,
    };

    public override async Task<ProtoAuditEvent> AppendAuditEvent(AppendAuditEventRequest request,
        ServerCallContext context)
    {
        var rules = new InputRules()
            .RequestId("request_id", request.RequestId)
            .Id("list_id", request.ListId, required: false)
            .Id("record_id", request.RecordId, required: false)
            .Id("target_id", request.TargetId, required: false)
            .Text("detail", request.Detail, 2000);
        if (!Enum.TryParse<AuditAction>(request.Action, ignoreCase: false, out var action)
            || !GatewayActions.Contains(action) || int.TryParse(request.Action, out _))
        {
            rules.Add("action", "must be one of " + string.Join(", ", GatewayActions.Order()) +
                " (the vault records every other action itself).");
        }

        rules.ThrowIfAny();
        var caller = context.GetCaller();
        var appended = await store.Audit.AppendAsync(request.RequestId, new AuditDraft
        {
            Action = action,
            Actor = caller.Actor,
            ListId = request.ListId,
            RecordId = request.RecordId,
            TargetId = request.TargetId,
            Detail = request.Detail,
        }, context.CancellationToken);
        return appended.ToProto();
    }

    public override async Task<QueryAuditResponse> QueryAudit(QueryAuditRequest request, ServerCallContext context)
    {
        var rules = new InputRules()
            .Id("list_id", request.ListId, required: false)
            .Id("record_id", request.RecordId, required: false)
            .Text("actor", request.Actor, 128);
        AuditAction? action = null;
        if (request.Action.Length > 0)
        {
            if (Enum.TryParse<AuditAction>(request.Action, ignoreCase: false, out var parsed)
                && parsed != AuditAction.Unspecified && !int.TryParse(request.Action, out _))
            {
                action = parsed;
            }
            else
            {
                rules.Add("action", "is not an audit action name (e.g. PasswordRevealed, RotationCommitted).");
            }
        }

        var from = request.From?.ToDateTimeOffset();
        var to = request.To?.ToDateTimeOffset();
        if (from is not null && to is not null && from > to)
        {
            rules.Add("to", "is before from.");
        }

        rules.ThrowIfAny();
        var page = await store.Audit.QueryAsync(
            new AuditQuery(Empty(request.ListId), Empty(request.RecordId), Empty(request.Actor), action, from, to),
            new PageRequest(request.PageSize, Empty(request.PageToken)), context.CancellationToken);
        var response = new QueryAuditResponse { NextPageToken = page.NextPageToken };
        response.Events.AddRange(page.Items.Select(e => e.ToProto()));
        return response;
    }

    public override async Task<VerifyAuditChainResponse> VerifyAuditChain(VerifyAuditChainRequest request,
        ServerCallContext context)
    {
        var verification = await store.Audit.VerifyAsync(context.CancellationToken);
        var response = new VerifyAuditChainResponse
        {
            Valid = verification.Valid,
            HeadSequence = verification.HeadSequence,
            HeadHash = Convert.ToHexStringLower(verification.HeadHash),
            Problem = verification.Problem,
        };
        if (verification.FirstInvalidSequence is { } invalid)
        {
            response.FirstInvalidSequence = invalid;
        }

        return response;
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}
