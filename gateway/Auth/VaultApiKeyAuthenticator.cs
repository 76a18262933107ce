using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Auth;

/// <summary>
/// Looks the key up in the vault (which stores only its hash, and audits the key's use on each lookup), through
/// <see cref="ApiKeyLookupCache"/> so that not every call asks the vault.
/// </summary>
internal sealed class VaultApiKeyAuthenticator(ApiKeyService.ApiKeyServiceClient apiKeys, ApiKeyLookupCache cache)
    : IApiKeyAuthenticator
{
    // The lookup is shared by every call presenting the same key, so it runs under its own deadline rather than the
    // first caller's cancellation.
    private static readonly TimeSpan LookupDeadline = TimeSpan.FromSeconds(10);

    public Task<GatewayCaller> AuthenticateAsync(string apiKey, CancellationToken cancellationToken) =>
        cache.GetOrLookUpAsync(apiKey, LookUpAsync, cancellationToken);

    private async Task<GatewayCaller> LookUpAsync(string apiKey)
    {
        LookupApiKeyResponse found;
        try
        {
            found = await apiKeys.LookupApiKeyAsync(new LookupApiKeyRequest { ApiKey = apiKey },
                deadline: DateTime.UtcNow + LookupDeadline);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.InvalidArgument
                                         or StatusCode.NotFound)
        {
            throw RpcErrors.Create(StatusCode.Unauthenticated, Reason.Unauthenticated,
                "The API key is unknown, revoked or expired: ask an administrator for a valid key.");
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw RpcErrors.Create(StatusCode.Unavailable, Reason.Transient,
                "The API key could not be checked because the vault did not answer: retry shortly.");
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
