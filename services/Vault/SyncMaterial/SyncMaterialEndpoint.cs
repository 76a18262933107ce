using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.KeyManagement;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Rotations;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Targets;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.SyncMaterial;

/// <summary>
/// What a directory sync needs (gateway only): the record's current and pending passwords and its target with the
/// privileged credential. Audited as sync use before anything is returned, so no secret leaves unaudited.
/// </summary>
internal sealed partial class SyncMaterialEndpoint(
    IVaultStore store,
    IRecordCipher cipher,
    TimeProvider clock,
    ILogger<SyncMaterialEndpoint> logger) : V1.SyncMaterialService.SyncMaterialServiceBase
{
    public override async Task<SyncMaterialResponse> GetSyncMaterial(GetSyncMaterialRequest request,
        ServerCallContext context)
    {
        new InputRules()
            .Id("record_id", request.RecordId)
            .Id("target_id", request.TargetId, required: false)
            .ThrowIfAny();
        var caller = context.GetCaller();
        var record = await store.Records.GetLiveAsync(request.RecordId, context.CancellationToken);
        var target = await ResolveTargetAsync(record, request.TargetId, context.CancellationToken);
        var response = Material(record, target);
        await store.Audit.AppendAsync(null, UseAudited(record, target, caller.Actor), context.CancellationToken);
        SyncMaterialLog.Served(logger, record.Id, target.Id, caller.Actor);
        return response;
    }

    /// <summary>The record's passwords and its target's credential, unsealed (not yet audited: the caller audits).</summary>
    private SyncMaterialResponse Material(PasswordRecord record, Model.Target target)
    {
        var response = new SyncMaterialResponse
        {
            RecordId = record.Id,
            ListId = record.ListId,
            RecordVersion = record.Version,
            UserName = record.UserName,
            AccountType = (AccountType)(int)record.AccountType,
            DomainOrHost = record.DomainOrHost,
            HasCurrentPassword = record.SealedPassword is not null,
            SyncState = record.SyncState.ToProto(),
            DirectoryPasswordLastSet = record.DirectoryPasswordLastSet,
            PasswordChangeTime = record.PasswordChangedAt.ToProto(),
            LastVerifyTime = record.LastVerifiedAt.ToProto(),
            Target = new SyncTarget
            {
                Target = target.ToProto(),
                PrivilegedPassword = Unsealing.Open(() => cipher.OpenStandalone(target.Id,
                    TargetFields.PrivilegedPassword, target.SealedPrivilegedPassword)),
            },
        };
        if (record.SealedPassword is { } current)
        {
            response.CurrentPassword = Unsealing.Open(() =>
                cipher.Open(record.DataKey, record.Id, RecordFields.Password, current));
        }

        if (record.Pending is { } pending)
        {
            response.Pending = new PendingSyncMaterial
            {
                RotationId = pending.RotationId,
                Owner = pending.Owner,
                LeaseExpiresAt = pending.LeaseExpiresAt.ToProto(),
                Password = Unsealing.Open(() =>
                    cipher.Open(record.DataKey, record.Id, RecordFields.PendingPassword, pending.SealedPassword)),
            };
        }

        return response;
    }

    private static AuditDraft UseAudited(PasswordRecord record, Model.Target target, string actor) => new()
    {
        Action = AuditAction.SyncMaterialUsed,
        Actor = actor,
        ListId = record.ListId,
        RecordId = record.Id,
        TargetId = target.Id,
        Detail = record.Pending is { } inFlight ? $"rotation {inFlight.RotationId}" : "",
    };

    public override async Task<RotationState> RecordSyncState(RecordSyncStateRequest request, ServerCallContext context)
    {
        var rules = new InputRules()
            .Id("record_id", request.RecordId)
            .Text("reason", request.Reason, 1000)
            .Text("directory_password_last_set", request.DirectoryPasswordLastSet, 64);
        if (!Enum.IsDefined(request.State))
        {
            rules.Add("state", "is not a known sync state.");
        }

        rules.ThrowIfAny();
        var caller = context.GetCaller();
        var record = await store.Records.GetLiveAsync(request.RecordId, context.CancellationToken);
        var updated = await store.Records.RecordSyncStateAsync(record.Id, request.State.ToModel(), request.Reason,
            request.DirectoryPasswordLastSet.Length == 0 ? null : request.DirectoryPasswordLastSet,
            clock.GetUtcNow(),
            new AuditDraft
            {
                Action = AuditAction.SyncStateRecorded,
                Actor = caller.Actor,
                ListId = record.ListId,
                RecordId = record.Id,
                Detail = $"{request.State.ToModel()}: {request.Reason}",
            },
            context.CancellationToken);
        return updated.ToRotationState();
    }

    private async Task<Model.Target> ResolveTargetAsync(PasswordRecord record, string targetId,
        CancellationToken cancellationToken)
    {
        if (targetId.Length > 0)
        {
            return await store.Targets.GetAsync(targetId, cancellationToken)
                ?? throw RpcErrors.NotFound("Target", targetId);
        }

        if (record.DomainOrHost.Length == 0)
        {
            throw RpcErrors.Create(StatusCode.FailedPrecondition, Reason.Configuration,
                $"Record '{record.Id}' has no \"Domain or Host\" value: set it to the name of a registered target, " +
                "or name the target explicitly.");
        }

        return await store.Targets.FindByNameAsync(record.DomainOrHost, cancellationToken)
            ?? throw RpcErrors.Create(StatusCode.FailedPrecondition, Reason.Configuration,
                $"No target answers to \"{record.DomainOrHost}\" (the \"Domain or Host\" of record '{record.Id}'): " +
                "register a target with that name, or add the name to an existing target.");
    }
}
