using Grpc.Core;
using PasswordSync.Gateway.Api.Lists;
using PasswordSync.Gateway.Auth;
using PasswordSync.V1;
using static PasswordSync.Gateway.Api.BackendCalls;
using VaultV1 = PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Api.Passwords;

/// <summary>
/// Password generation by the vault's generator (nothing stored). A list's policy is list data, so generating from a
/// list needs read access to that list; an explicit policy needs the read permission only.
/// </summary>
internal sealed class PasswordsApi(VaultV1.PasswordGenerator.PasswordGeneratorClient generator) : V1.Passwords.PasswordsBase
{
    public override async Task<GeneratePasswordsResponse> GeneratePasswords(GeneratePasswordsRequest request,
        ServerCallContext context)
    {
        var vaultRequest = new VaultV1.GeneratePasswordRequest { Count = request.Count };
        switch (request.SourceCase)
        {
            case GeneratePasswordsRequest.SourceOneofCase.ListId:
                context.RequireOnList(Access.Read, "list_id", request.ListId);
                vaultRequest.ListId = request.ListId;
                break;
            case GeneratePasswordsRequest.SourceOneofCase.Policy:
                context.Require(Access.Read);
                vaultRequest.Policy = ListMapping.ToVault(request.Policy);
                break;
            default:
                context.Require(Access.Read);
                break;
        }

        var generated = await Call(generator.GeneratePasswordAsync(vaultRequest,
            cancellationToken: context.CancellationToken));
        var response = new GeneratePasswordsResponse();
        response.Passwords.AddRange(generated.Passwords);
        return response;
    }
}
