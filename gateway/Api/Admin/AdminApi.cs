using Grpc.Core;
using PasswordSync.Gateway.Auth;
using PasswordSync.ServiceDefaults;
using VaultApi = PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Api.Admin;

/// <summary>
/// The public Admin service: API keys, the audit log, backup and restore (AdminApi.Backup.cs), a pass-through to the vault for admin keys only. The vault
/// validates and audits; the gateway checks the fields whose public names differ from the vault's (so errors name
/// the field the caller sent), and forgets a revoked key at once. A created key is returned once and never logged.
/// </summary>
internal sealed partial class AdminApi(
    VaultApi.ApiKeyService.ApiKeyServiceClient apiKeys,
    VaultApi.AuditLogService.AuditLogServiceClient audit,
    VaultApi.VaultBackup.VaultBackupClient backup,
    ApiKeyLookupCache keyCache,
    ILogger<AdminApi> logger) : V1.Admin.AdminBase
{
    public override async Task<V1.CreateApiKeyResponse> CreateApiKey(V1.CreateApiKeyRequest request,
        ServerCallContext context)
    {
        context.Require(Access.Admin);
        if (request.ExpireTime.IsBefore(Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow)))
        {
            throw RpcErrors.InvalidArgument("expire_time", "is in the past.");
        }

        var vaultRequest = new VaultApi.CreateApiKeyRequest { Name = request.Name, ExpiresAt = request.ExpireTime };
        vaultRequest.Permissions.AddRange(request.Permissions.Select(p => p.ToVault()));
        vaultRequest.ListIds.AddRange(request.ListIds);
        var created = await apiKeys.CreateApiKeyAsync(vaultRequest, cancellationToken: context.CancellationToken);
        return new V1.CreateApiKeyResponse { ApiKey = created.Key.ToPublic(), Key = created.ApiKey };
    }

    public override async Task<V1.ListApiKeysResponse> ListApiKeys(V1.ListApiKeysRequest request,
        ServerCallContext context)
    {
        context.Require(Access.Admin);
        var page = await apiKeys.ListApiKeysAsync(
            new VaultApi.ListApiKeysRequest { PageSize = request.PageSize, PageToken = request.PageToken },
            cancellationToken: context.CancellationToken);
        var response = new V1.ListApiKeysResponse { NextPageToken = page.NextPageToken };
        response.ApiKeys.AddRange(page.Keys.Select(k => k.ToPublic()));
        return response;
    }

    public override async Task<V1.ApiKey> RevokeApiKey(V1.RevokeApiKeyRequest request, ServerCallContext context)
    {
        context.Require(Access.Admin);
        var revoked = await apiKeys.RevokeApiKeyAsync(new VaultApi.RevokeApiKeyRequest { KeyId = request.KeyId },
            cancellationToken: context.CancellationToken);
        // Other gateway instances refuse the key once their cached lookup expires (Gateway:Auth:ApiKeyCacheDuration).
        keyCache.Forget(revoked.Id);
        return revoked.ToPublic();
    }

    public override async Task<V1.QueryAuditResponse> QueryAudit(V1.QueryAuditRequest request,
        ServerCallContext context)
    {
        context.Require(Access.Admin);
        if (request.ToTime.IsBefore(request.FromTime))
        {
            throw RpcErrors.InvalidArgument("to_time", "is before from_time.");
        }

        var page = await audit.QueryAuditAsync(request.ToVault(), cancellationToken: context.CancellationToken);
        var response = new V1.QueryAuditResponse { NextPageToken = page.NextPageToken };
        response.Events.AddRange(page.Events.Select(e => e.ToPublic()));
        return response;
    }

    public override async Task<V1.VerifyAuditResponse> VerifyAudit(V1.VerifyAuditRequest request,
        ServerCallContext context)
    {
        context.Require(Access.Admin);
        var verified = await audit.VerifyAuditChainAsync(new VaultApi.VerifyAuditChainRequest(),
            cancellationToken: context.CancellationToken);
        return new V1.VerifyAuditResponse
        {
            Valid = verified.Valid,
            HeadSequence = verified.HeadSequence,
            HeadHash = verified.HeadHash,
            FirstInvalidSequence = verified.HasFirstInvalidSequence ? verified.FirstInvalidSequence : 0,
            Problem = verified.Problem,
        };
    }
}
