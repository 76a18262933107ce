using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Vault.Security;

/// <summary>
/// Refuses every vault call that does not come from the gateway (health checks excepted, so probes work), and makes
/// the resolved <see cref="Caller"/> available to the service methods.
/// </summary>
internal sealed class GatewayOnlyInterceptor(ICallerResolver resolver, ILogger<GatewayOnlyInterceptor> logger)
    : Interceptor
{
    private const string HealthServicePrefix = "/grpc.health.v1.Health/";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request,
        ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Admit(ServerCallContext context)
    {
        if (context.Method.StartsWith(HealthServicePrefix, StringComparison.Ordinal))
        {
            return;
        }

        var caller = resolver.Resolve(context);
        if (!caller.IsGateway)
        {
            SecurityLog.NonGatewayRefused(logger, context.Method, context.Peer);
            throw RpcErrors.Create(StatusCode.PermissionDenied, Reason.PermissionDenied,
                "Only the PasswordSync gateway may call the vault: present the gateway's client certificate " +
                "(issued by the internal CA for the configured gateway subject).");
        }

        CallerAccessor.Set(context, caller);
    }
}
