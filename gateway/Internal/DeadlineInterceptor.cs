using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace PasswordSync.Gateway.Internal;

/// <summary>
/// Gives every internal call without a deadline one (<see cref="InternalClientOptions.CallTimeout"/>, or
/// <see cref="InternalClientOptions.StreamingCallTimeout"/> for streams), so a hung service can never hang a gateway
/// call, a report or a job forever. A deadline set by the caller is kept.
/// </summary>
internal sealed class DeadlineInterceptor(IOptionsMonitor<InternalClientOptions> options) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDeadline(context, options.CurrentValue.CallTimeout));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDeadline(context, options.CurrentValue.CallTimeout));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDeadline(context, options.CurrentValue.StreamingCallTimeout));

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithDeadline(context, options.CurrentValue.StreamingCallTimeout));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithDeadline(context, options.CurrentValue.StreamingCallTimeout));

    private static ClientInterceptorContext<TRequest, TResponse> WithDeadline<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, TimeSpan timeout)
        where TRequest : class
        where TResponse : class
    {
        // DateTime.MaxValue is how gRPC spells "no deadline" (e.g. one propagated from a call that had none).
        if (context.Options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            return context;
        }

        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host,
            context.Options.WithDeadline(DateTime.UtcNow + timeout));
    }
}
