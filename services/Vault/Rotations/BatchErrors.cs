using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Grpc;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Rotations;

/// <summary>An item's refusal in a batch, as the status the single call would have answered (same code, reason, text).</summary>
internal static class BatchErrors
{
    public static BatchItemError From(Exception refused)
    {
        var status = refused switch
        {
            StoreException store => StoreExceptionInterceptor.ToRpcException(store),
            RpcException rpc => rpc,
            _ => throw new ArgumentException("Only store and gRPC refusals are item errors.", nameof(refused)),
        };
        return new BatchItemError
        {
            Code = (int)status.StatusCode,
            Reason = status.GetReason() ?? "",
            Message = status.Status.Detail,
        };
    }
}
