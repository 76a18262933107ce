using Grpc.Core;
using Grpc.Core.Interceptors;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Internal;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Auth;

/// <summary>
/// Authenticates every public call by its API key (<c>Authorization: Bearer &lt;key&gt;</c>, as an HTTP header or gRPC
/// metadata) through the vault's LookupApiKey, and makes the caller available to the service method
/// (<see cref="CallerContextExtensions.GetCaller"/>) and to internal calls (<see cref="ActorContext"/>).
/// Health, reflection and the OpenAPI document are not gRPC methods of the public API and are not intercepted.
/// </summary>
internal sealed class ApiKeyAuthInterceptor(IApiKeyAuthenticator authenticator) : Interceptor
{
    private const string PublicApiPrefix = "/passwordsync.v1.";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request,
        ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var actor = ActAs(await AuthenticateAsync(context));
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var actor = ActAs(await AuthenticateAsync(context));
        await continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var actor = ActAs(await AuthenticateAsync(context));
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var actor = ActAs(await AuthenticateAsync(context));
        await continuation(requestStream, responseStream, context);
    }

    // Set here, in the handler, not inside the async AuthenticateAsync: an AsyncLocal set in an awaited async method
    // is restored when that method returns, so the actor would never reach the service method's vault calls.
    private static IDisposable? ActAs(GatewayCaller? caller) => caller is null ? null : ActorContext.Set(caller.Actor);

    private async Task<GatewayCaller?> AuthenticateAsync(ServerCallContext context)
    {
        // Health checks and reflection are gRPC services too, and must answer probes without a key.
        if (!context.Method.StartsWith(PublicApiPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var key = BearerToken.Read(context.RequestHeaders.GetValue("authorization"));
        if (key is null)
        {
            throw RpcErrors.Create(StatusCode.Unauthenticated, Reason.Unauthenticated,
                "An API key is required: send it as 'Authorization: Bearer <key>'.");
        }

        var caller = await authenticator.AuthenticateAsync(key, context.CancellationToken);
        context.GetHttpContext().SetCaller(caller);
        return caller;
    }
}
