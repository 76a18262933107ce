using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.Gateway.Auth;
using PasswordSync.Gateway.Sync;
using PasswordSync.V1;
using static PasswordSync.Gateway.Api.BackendCalls;
using DirectoryV1 = PasswordSync.Directory.V1;
using VaultV1 = PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Api.Targets;

/// <summary>
/// The public Targets service in front of the vault's TargetService. Targets hold privileged credentials: changing or
/// testing one needs the admin permission; reading needs read (the password is never returned).
/// </summary>
internal sealed class TargetsApi(
    VaultV1.TargetService.TargetServiceClient targets,
    DirectoryV1.DirectorySync.DirectorySyncClient directory,
    ILogger<TargetsApi> logger) : V1.Targets.TargetsBase
{
    private static readonly FieldNames Names = TargetMapping.VaultToPublicNames;

    public override async Task<Target> CreateTarget(CreateTargetRequest request, ServerCallContext context)
    {
        context.Require(Access.Admin);
        var created = await Call(targets.CreateTargetAsync(
            new VaultV1.CreateTargetRequest { Target = TargetMapping.ToVault(request.Target ?? new Target()) },
            cancellationToken: context.CancellationToken), Names);
        return TargetMapping.ToPublic(created);
    }

    public override async Task<ListTargetsResponse> ListTargets(ListTargetsRequest request, ServerCallContext context)
    {
        context.Require(Access.Read);
        var page = await Call(targets.ListTargetsAsync(
            new VaultV1.ListTargetsRequest { PageSize = request.PageSize, PageToken = request.PageToken },
            cancellationToken: context.CancellationToken), Names);
        var response = new ListTargetsResponse { NextPageToken = page.NextPageToken };
        response.Targets.AddRange(page.Targets.Select(TargetMapping.ToPublic));
        return response;
    }

    public override async Task<Target> GetTarget(GetTargetRequest request, ServerCallContext context)
    {
        context.Require(Access.Read);
        ApiInput.RequireId("target_id", request.TargetId);
        var target = await Call(targets.GetTargetAsync(new VaultV1.GetTargetRequest { TargetId = request.TargetId },
            cancellationToken: context.CancellationToken), Names);
        return TargetMapping.ToPublic(target);
    }

    public override async Task<Target> UpdateTarget(UpdateTargetRequest request, ServerCallContext context)
    {
        context.Require(Access.Admin);
        var input = new ApiInput().Id("target_id", request.TargetId).Version("version", request.Version);
        var paths = UpdateMask.Paths(request.UpdateMask, TargetMasks.Settable.Contains, TargetMasks.OutputOnly,
            TargetMasks.SettableText, input);
        input.ThrowIfAny();
        var updated = await Call(targets.UpdateTargetAsync(new VaultV1.UpdateTargetRequest
        {
            TargetId = request.TargetId,
            ExpectedVersion = request.Version,
            Target = TargetMapping.ToVault(request.Target ?? new Target()),
            UpdateMask = new FieldMask { Paths = { paths.Select(TargetMasks.ToVault) } },
        }, cancellationToken: context.CancellationToken), Names);
        return TargetMapping.ToPublic(updated);
    }

    public override async Task<Empty> DeleteTarget(DeleteTargetRequest request, ServerCallContext context)
    {
        context.Require(Access.Admin);
        new ApiInput().Id("target_id", request.TargetId).Version("version", request.Version).ThrowIfAny();
        await Call(targets.DeleteTargetAsync(
            new VaultV1.DeleteTargetRequest { TargetId = request.TargetId, ExpectedVersion = request.Version },
            cancellationToken: context.CancellationToken), Names);
        return new Empty();
    }

    /// <summary>
    /// Runs directory-sync's checklist with the target's stored privileged credential, which the vault hands to the
    /// gateway only (audited as sync use). The credential lives in this method's locals and the directory request only.
    /// </summary>
    public override async Task<TestTargetResponse> TestTarget(TestTargetRequest request, ServerCallContext context)
    {
        var caller = context.Require(Access.Admin);
        ApiInput.RequireId("target_id", request.TargetId);
        var credential = await Call(targets.GetTargetCredentialAsync(new VaultV1.GetTargetCredentialRequest
        {
            TargetId = request.TargetId,
            Purpose = "target test",
        }, cancellationToken: context.CancellationToken), Names);

        var directoryTarget = DirectoryTargetMapper.ToDirectoryTarget(new VaultV1.SyncTarget
        {
            Target = credential.Target,
            PrivilegedPassword = credential.PrivilegedPassword,
        });
        var tested = await Call(directory.TestTargetAsync(new DirectoryV1.TestTargetRequest { Target = directoryTarget },
            cancellationToken: context.CancellationToken));
        TargetsLog.Tested(logger, request.TargetId, caller.Actor, tested.Passed ? "passed" : "failed");
        return TargetMapping.ToPublic(tested);
    }
}
