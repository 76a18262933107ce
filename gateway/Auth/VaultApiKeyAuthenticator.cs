using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Auth;

/// <summary>Looks the key up in the vault (which stores only its hash).</summary>
internal sealed class VaultApiKeyAuthenticator(ApiKeyService.ApiKeyServiceClient apiKeys) : IApiKeyAuthenticator
{
    public async Task<GatewayCaller> AuthenticateAsync(string apiKey, CancellationToken cancellationToken)
    {
        LookupApiKeyResponse found;
        try
        {
            found = await apiKeys.LookupApiKeyAsync(new LookupApiKeyRequest { ApiKey = apiKey },
                cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.InvalidArgument
                                         or StatusCode.NotFound)
        {
            throw RpcErrors.Create(StatusCode.Unauthenticated, Reason.Unauthenticated,
                "The API key is unknown, revoked or expired.");
        }

        return new GatewayCaller(found.KeyId, found.Name,
            found.Permissions.Select(ToAccess).OfType<Access>().ToHashSet(),
            found.ListIds.ToHashSet(StringComparer.Ordinal));
    }

    private static Access? ToAccess(ApiPermission permission) => permission switch
    {
        ApiPermission.Read => Access.Read,
        ApiPermission.Reveal => Access.Reveal,
        ApiPermission.Write => Access.Write,
        ApiPermission.Sync => Access.Sync,
        ApiPermission.Admin => Access.Admin,
        _ => null,
    };
}
