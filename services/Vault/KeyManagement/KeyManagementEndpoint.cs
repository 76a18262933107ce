using Grpc.Core;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.KeyManagement;

/// <summary>The admin call that re-wraps now, rather than waiting for the background pass.</summary>
internal sealed class KeyManagementEndpoint(DataKeyRotator rotator) : V1.KeyManagementService.KeyManagementServiceBase
{
    public override async Task<RotateDataKeysResponse> RotateDataKeys(RotateDataKeysRequest request,
        ServerCallContext context)
    {
        var result = await rotator.RunOnceAsync(context.GetCaller().Actor, context.CancellationToken);
        return new RotateDataKeysResponse
        {
            ActiveKekVersion = result.ActiveKekVersion,
            RecordKeysRewrapped = result.RecordKeysRewrapped,
            TargetSecretsRewrapped = result.TargetSecretsRewrapped,
            Conflicts = result.Conflicts,
        };
    }
}
