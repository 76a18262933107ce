using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Auth;
using PasswordSync.Gateway.Edge.Https;
using PasswordSync.Gateway.Edge.Logging;
using PasswordSync.Gateway.Edge.OpenApi;
using PasswordSync.Gateway.Edge.StrictJson;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Edge;

/// <summary>
/// The public edge: one HTTPS port (HTTP/1.1 and HTTP/2) serving the gRPC API and its HTTP/JSON face (JSON
/// transcoding), the OpenAPI document, strict checks of HTTP/JSON input, and request logs without query strings.
/// </summary>
public static class EdgeExtensions
{
    public static WebApplicationBuilder AddGatewayEdge(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<PublicEndpointOptions>(PublicEndpointOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                var state = configuration[PublicEndpointOptions.StateDirectoryKey];
                if (!string.IsNullOrWhiteSpace(state))
                {
                    options.StateDirectory = state;
                }
            });

        builder.Services.AddGrpc(options => options.Interceptors.Add<ApiKeyAuthInterceptor>())
            .AddJsonTranscoding(transcoding =>
            {
                // Our errors carry google.rpc details (ErrorInfo with the reason, BadRequest naming fields): without
                // their descriptors transcoding cannot write them and fails the response with a 500 instead.
                transcoding.TypeRegistry = TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor);
            });
        // The gRPC face gets the same size limit as the HTTP/JSON face (gRPC answers ResourceExhausted).
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IOptions<PublicEndpointOptions>>(
            (grpc, endpoint) => grpc.MaxReceiveMessageSize = (int)Math.Min(endpoint.Value.MaxRequestBodyBytes, int.MaxValue));

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PublicCertificateSource>();
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>, PublicKestrelSetup>();

        // ASP.NET Core's own request lines print the full URL, query string included: RequestLoggingMiddleware
        // writes one line per request without it instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        PublicApiDocument.Add(builder.Services);
        return builder;
    }

    public static WebApplication MapGatewayEdge(this WebApplication app)
    {
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseMiddleware<StrictJsonMiddleware>();
        PublicApiDocument.Map(app);
        return app;
    }
}
