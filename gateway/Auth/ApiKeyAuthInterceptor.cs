using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Auth.RateLimiting;
using PasswordSync.Gateway.Internal;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Auth;

/// <summary>
/// Authenticates every public call by its API key (<c>Authorization: Bearer &lt;key&gt;</c>, as an HTTP header or gRPC
/// metadata) through the vault's LookupApiKey (cached, see <see cref="AuthOptions.ApiKeyCacheDuration"/>), applies the
/// key's rate limit, and makes the caller available to the service method
/// (<see cref="CallerContextExtensions.GetCaller"/>) and to internal calls (<see cref="ActorContext"/>).
/// Health, reflection and the OpenAPI document are not gRPC methods of the public API and are not intercepted.
/// </summary>
internal sealed class ApiKeyAuthInterceptor(
    IApiKeyAuthenticator authenticator,
    KeyRateLimiter rateLimiter,
    FailedAuthenticationLimiter failedAuthentications,
    ApiKeyLookupCache lookups,
    IOptions<AuthOptions> options) : Interceptor
{
    private const string PublicApiPrefix = "/passwordsync.v1.";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request,
        ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var actor = ActFor(await AuthenticateAsync(context));
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var actor = ActFor(await AuthenticateAsync(context));
        await continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var actor = ActFor(await AuthenticateAsync(context));
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var actor = ActFor(await AuthenticateAsync(context));
        await continuation(requestStream, responseStream, context);
    }

    // The actor is set here, in the handler's own frame: an AsyncLocal set inside an awaited async method is undone
    // when that method returns, so setting it in AuthenticateAsync would never reach the service method.
    private static IDisposable? ActFor(GatewayCaller? caller) => caller is null ? null : ActorContext.Set(caller.Actor);

    /// <summary>The caller of a public API call, or null for calls outside the public API (health, reflection).</summary>
    private async Task<GatewayCaller?> AuthenticateAsync(ServerCallContext context)
    {
        // Health checks and reflection are gRPC services too, and must answer probes without a key.
        if (!context.Method.StartsWith(PublicApiPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var authorization = context.RequestHeaders.GetValue("authorization");
        var key = BearerToken.Read(authorization);
        if (key is null)
        {
            throw RpcErrors.Create(StatusCode.Unauthenticated, Reason.Unauthenticated, authorization is null
                ? "An API key is required: send it as 'Authorization: Bearer <key>'."
                : "The Authorization header is not 'Bearer <key>': send the API key as 'Authorization: Bearer <key>'.");
        }

        var address = context.GetHttpContext().Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!lookups.IsKnownValid(key) && failedAuthentications.IsHeldBack(address, out var heldBackFor))
        {
            throw RateLimitErrors.TooManyFailedAuthentications(context, heldBackFor);
        }

        GatewayCaller caller;
        try
        {
            caller = await authenticator.AuthenticateAsync(key, context.CancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
        {
            failedAuthentications.RecordFailure(address);
            throw;
        }

        // After authentication, so the limit applies to the key's owner and unknown keys cannot drain a real key's
        // bucket; per key id, so it holds whichever way the key is presented.
        if (!rateLimiter.TryAcquire(caller.KeyId, out var retryAfter))
        {
            throw RateLimitErrors.TooManyRequests(context, retryAfter, options.Value);
        }

        context.GetHttpContext().SetCaller(caller);
        return caller;
    }
}
