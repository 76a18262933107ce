using Grpc.Core;
using Grpc.Core.Interceptors;

namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>
/// Runs <see cref="Admit"/> before every gRPC method of the service, whatever its streaming kind; health checks are
/// let through, so probes work without a client certificate.
/// </summary>
public abstract class AdmissionInterceptor : Interceptor
{
    private const string HealthServicePrefix = "/grpc.health.v1.Health/";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request,
        ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        AdmitUnlessHealth(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        AdmitUnlessHealth(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        AdmitUnlessHealth(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        AdmitUnlessHealth(context);
        return continuation(requestStream, responseStream, context);
    }

    /// <summary>Throws an RpcException to refuse the call.</summary>
    protected abstract void Admit(ServerCallContext context);

    private void AdmitUnlessHealth(ServerCallContext context)
    {
        if (!context.Method.StartsWith(HealthServicePrefix, StringComparison.Ordinal))
        {
            Admit(context);
        }
    }
}
