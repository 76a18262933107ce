using Grpc.Core;
using Grpc.Core.Interceptors;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Grpc;

/// <summary>
/// Turns a store's refusal into the gRPC status the conventions ask for, so service methods can let
/// <see cref="StoreException"/> propagate. Store messages name ids only, never secrets.
/// </summary>
internal sealed class StoreExceptionInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request,
        ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (StoreException exception)
        {
            throw ToRpcException(exception);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (StoreException exception)
        {
            throw ToRpcException(exception);
        }
    }

    public static RpcException ToRpcException(StoreException exception) => exception.Error switch
    {
        StoreError.NotFound => RpcErrors.Create(StatusCode.NotFound, Reason.NotFound, exception.Message),
        StoreError.VersionConflict => RpcErrors.Create(StatusCode.Aborted, Reason.VersionConflict,
            exception.Message + " Read it again and retry with the new version."),
        StoreError.AlreadyExists => RpcErrors.Create(StatusCode.AlreadyExists, Reason.AlreadyExists, exception.Message),
        StoreError.RotationPending => RpcErrors.Create(StatusCode.FailedPrecondition, Reason.RotationPending,
            exception.Message),
        StoreError.RotationMismatch => RpcErrors.Create(StatusCode.FailedPrecondition, Reason.RotationMismatch,
            exception.Message),
        StoreError.LeaseHeld => RpcErrors.Create(StatusCode.FailedPrecondition, Reason.LeaseHeld, exception.Message),
        StoreError.InvalidState => RpcErrors.Create(StatusCode.FailedPrecondition, Reason.InvalidArgument,
            exception.Message),
        StoreError.InvalidPageToken => RpcErrors.InvalidArgument("page_token", exception.Message),
        StoreError.RequestIdReused => RpcErrors.InvalidArgument("request_id", exception.Message),
        _ => RpcErrors.Create(StatusCode.Internal, Reason.Unspecified, "The vault store failed."),
    };
}
