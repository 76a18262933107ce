using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.KeyManagement;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;
using ModelTarget = PasswordSync.Vault.Model.Target;
using ProtoTarget = PasswordSync.Vault.V1.Target;

namespace PasswordSync.Vault.Targets;

/// <summary>Registered directories and hosts. The privileged password goes in sealed and never comes back out here.</summary>
internal sealed class TargetEndpoint(
    IVaultStore store,
    IRecordCipher cipher,
    TimeProvider clock,
    ILogger<TargetEndpoint> logger) : V1.TargetService.TargetServiceBase
{
    public override async Task<ProtoTarget> CreateTarget(CreateTargetRequest request, ServerCallContext context)
    {
        var spec = request.Target ?? throw RpcErrors.InvalidArgument("target", "is required.");
        var rules = new InputRules();
        TargetRules.Check(rules, spec, TargetRules.Paths);
        rules.ThrowIfAny();
        var caller = context.GetCaller();
        var id = Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow();
        var sealedPassword = cipher.SealStandalone(id, TargetFields.PrivilegedPassword, spec.PrivilegedPassword);
        var target = Apply(new ModelTarget
        {
            Id = id,
            Kind = default,
            Names = [],
            Endpoints = [],
            SealedPrivilegedPassword = sealedPassword,
            PrivilegedPasswordKekVersion = cipher.StandaloneKekVersion(sealedPassword),
            CreatedAt = now,
            UpdatedAt = now,
        }, spec, TargetRules.Paths);
        var created = await store.Targets.CreateAsync(target,
            Audit(AuditAction.TargetCreated, caller, id, string.Join(", ", target.Names)), context.CancellationToken);
        TargetLog.Created(logger, id, caller.Actor);
        return created.ToProto();
    }

    public override async Task<ProtoTarget> GetTarget(GetTargetRequest request, ServerCallContext context)
    {
        new InputRules().Id("target_id", request.TargetId).ThrowIfAny();
        return (await GetExistingAsync(request.TargetId, context.CancellationToken)).ToProto();
    }

    public override async Task<ListTargetsResponse> ListTargets(ListTargetsRequest request, ServerCallContext context)
    {
        var page = await store.Targets.ListAsync(
            new PageRequest(request.PageSize, request.PageToken.Length == 0 ? null : request.PageToken),
            context.CancellationToken);
        var response = new ListTargetsResponse { NextPageToken = page.NextPageToken };
        response.Targets.AddRange(page.Items.Select(t => t.ToProto()));
        return response;
    }

    public override async Task<ProtoTarget> UpdateTarget(UpdateTargetRequest request, ServerCallContext context)
    {
        var rules = new InputRules().Id("target_id", request.TargetId);
        if (request.ExpectedVersion <= 0)
        {
            rules.Add("expected_version", "is required: the version you read.");
        }

        var paths = request.UpdateMask?.Paths.ToHashSet(StringComparer.Ordinal) ?? [];
        if (paths.Count == 0)
        {
            rules.Add("update_mask", "names no field to update.");
        }

        foreach (var unknown in paths.Where(p => !TargetRules.Paths.Contains(p)))
        {
            rules.Add("update_mask", $"'{unknown}' is not a target field.");
        }

        var spec = request.Target ?? new TargetSpec();
        TargetRules.Check(rules, spec, paths);
        rules.ThrowIfAny();

        var caller = context.GetCaller();
        var existing = await GetExistingAsync(request.TargetId, context.CancellationToken);
        var updated = Apply(existing, spec, paths) with { UpdatedAt = clock.GetUtcNow() };
        if (paths.Contains("privileged_password"))
        {
            var sealedPassword = cipher.SealStandalone(existing.Id, TargetFields.PrivilegedPassword,
                spec.PrivilegedPassword);
            updated = updated with
            {
                SealedPrivilegedPassword = sealedPassword,
                PrivilegedPasswordKekVersion = cipher.StandaloneKekVersion(sealedPassword),
            };
        }

        var stored = await store.Targets.UpdateAsync(updated, request.ExpectedVersion,
            Audit(AuditAction.TargetUpdated, caller, existing.Id, "changed: " + string.Join(", ", paths.Order())),
            context.CancellationToken);
        TargetLog.Updated(logger, existing.Id, caller.Actor);
        return stored.ToProto();
    }

    public override async Task<DeleteTargetResponse> DeleteTarget(DeleteTargetRequest request,
        ServerCallContext context)
    {
        var rules = new InputRules().Id("target_id", request.TargetId);
        if (request.ExpectedVersion <= 0)
        {
            rules.Add("expected_version", "is required: the version you read.");
        }

        rules.ThrowIfAny();
        var caller = context.GetCaller();
        await store.Targets.DeleteAsync(request.TargetId, request.ExpectedVersion,
            Audit(AuditAction.TargetDeleted, caller, request.TargetId, ""), context.CancellationToken);
        TargetLog.Deleted(logger, request.TargetId, caller.Actor);
        return new DeleteTargetResponse();
    }

    public override async Task<ProtoTarget> ResolveTarget(ResolveTargetRequest request, ServerCallContext context)
    {
        if (!TargetRules.IsValidName(request.Name))
        {
            throw RpcErrors.InvalidArgument("name", "must be a DNS name, NetBIOS name or IP address.");
        }

        var target = await store.Targets.FindByNameAsync(request.Name, context.CancellationToken)
            ?? throw RpcErrors.NotFound("Target named", request.Name);
        return target.ToProto();
    }

    public override async Task<TargetCredential> GetTargetCredential(GetTargetCredentialRequest request,
        ServerCallContext context)
    {
        new InputRules()
            .Id("target_id", request.TargetId)
            .Text("purpose", request.Purpose, 512, required: true)
            .ThrowIfAny();
        var caller = context.GetCaller();
        var target = await GetExistingAsync(request.TargetId, context.CancellationToken);
        var password = Unsealing.Open(() =>
            cipher.OpenStandalone(target.Id, TargetFields.PrivilegedPassword, target.SealedPrivilegedPassword));
        // Audited before the secret leaves: if the audit write fails, nothing is returned.
        await store.Audit.AppendAsync(null,
            Audit(AuditAction.SyncMaterialUsed, caller, target.Id, "Privileged credential used: " + request.Purpose),
            context.CancellationToken);
        TargetLog.CredentialServed(logger, target.Id, caller.Actor);
        return new TargetCredential { Target = target.ToProto(), PrivilegedPassword = password };
    }

    private async Task<ModelTarget> GetExistingAsync(string id, CancellationToken cancellationToken) =>
        await store.Targets.GetAsync(id, cancellationToken) ?? throw RpcErrors.NotFound("Target", id);

    /// <summary>Copies the non-secret fields named in <paramref name="paths"/>; the password is sealed by the caller.</summary>
    private static ModelTarget Apply(ModelTarget target, TargetSpec spec, IReadOnlySet<string> paths) => target with
    {
        Kind = paths.Contains("kind") ? (TargetKind)(int)spec.Kind : target.Kind,
        Names = paths.Contains("names") ? [.. spec.Names] : target.Names,
        Endpoints = paths.Contains("endpoints") ? [.. spec.Endpoints] : target.Endpoints,
        CaCertificatePem = paths.Contains("ca_certificate_pem") ? spec.CaCertificatePem : target.CaCertificatePem,
        AcceptAnyCertificate = paths.Contains("accept_any_certificate")
            ? spec.AcceptAnyCertificate
            : target.AcceptAnyCertificate,
        AllowPlaintext = paths.Contains("allow_plaintext") ? spec.AllowPlaintext : target.AllowPlaintext,
        UseStartTls = paths.Contains("start_tls") ? spec.StartTls : target.UseStartTls,
        BaseDn = paths.Contains("base_dn") ? spec.BaseDn : target.BaseDn,
        PrivilegedAccount = paths.Contains("privileged_account") ? spec.PrivilegedAccount : target.PrivilegedAccount,
        SshHostKeyFingerprint = paths.Contains("ssh_host_key_fingerprint")
            ? spec.SshHostKeyFingerprint
            : target.SshHostKeyFingerprint,
    };

    private static AuditDraft Audit(AuditAction action, Caller caller, string targetId, string detail) => new()
    {
        Action = action,
        Actor = caller.Actor,
        TargetId = targetId,
        Detail = detail,
    };
}
