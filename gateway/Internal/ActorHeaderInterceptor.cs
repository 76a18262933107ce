using Grpc.Core;
using Grpc.Core.Interceptors;

namespace PasswordSync.Gateway.Internal;

/// <summary>Sends <see cref="ActorContext.Current"/> to the vault as the actor header of every internal call.</summary>
internal sealed class ActorHeaderInterceptor : Interceptor
{
    public const string ActorHeader = "x-passwordsync-actor";

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithActor(context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithActor(context));

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithActor(context));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithActor(context));

    private static ClientInterceptorContext<TRequest, TResponse> WithActor<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        var actor = ActorContext.Current;
        if (actor is null)
        {
            return context;
        }

        var headers = context.Options.Headers ?? [];
        headers.Add(ActorHeader, actor);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host,
            context.Options.WithHeaders(headers));
    }
}
