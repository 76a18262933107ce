namespace PasswordSync.Gateway.Internal;

/// <summary>The HTTP/2 connection handler of the internal clients (mutual TLS when credentials are given).</summary>
public static class InternalHttpHandler
{
    public static SocketsHttpHandler Create(InternalTlsCredentials? credentials) => new()
    {
        // One HTTP/2 connection caps concurrent streams (100 on Kestrel): bulk jobs and reports need more.
        EnableMultipleHttp2Connections = true,
        // Notice a dead peer (killed service, dropped NAT entry) in seconds rather than at the call's deadline.
        KeepAlivePingDelay = TimeSpan.FromSeconds(30),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        SslOptions = credentials?.ToSslOptions() ?? new(),
    };
}
