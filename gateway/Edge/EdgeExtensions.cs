using PasswordSync.Gateway.Auth;

namespace PasswordSync.Gateway.Edge;

public static class EdgeExtensions
{
    /// <summary>
    /// FIRST VERSION: gRPC with JSON transcoding and the API-key interceptor. To do: HTTPS with HTTP/1.1 and HTTP/2 on
    /// one port (configured or generated certificate), strict JSON, OpenAPI, URL logging without query strings.
    /// </summary>
    public static WebApplicationBuilder AddGatewayEdge(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpc(options => options.Interceptors.Add<ApiKeyAuthInterceptor>()).AddJsonTranscoding();
        return builder;
    }

    public static WebApplication MapGatewayEdge(this WebApplication app) => app;
}
