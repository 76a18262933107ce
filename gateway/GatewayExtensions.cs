using PasswordSync.Gateway.Api;
using PasswordSync.Gateway.Auth;
using PasswordSync.Gateway.Edge;
using PasswordSync.Gateway.Internal;
using PasswordSync.Gateway.Jobs;
using PasswordSync.Gateway.Reconciliation;
using PasswordSync.Gateway.Reports;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Telemetry;

namespace PasswordSync.Gateway;

/// <summary>
/// The gateway's wiring, one call per feature folder. Each folder owns its own Add/Map method so features stay
/// independent: Edge (public HTTPS endpoint, JSON transcoding, OpenAPI), Auth (API keys, permissions, rate limits),
/// Internal (mutual-TLS clients of vault and directory-sync), Api (CRUD pass-through), Sync (check, save and sync,
/// rotate), Reconciliation, Reports and Jobs.
/// </summary>
public static class GatewayExtensions
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        // The HTTP client factory logs every internal call at Information (job polling alone floods the log); the gRPC
        // client and the gateway's own request log already say what matters.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Services.AddGatewayInstance(builder.Configuration);
        builder.AddGatewayEdge();
        builder.AddGatewayAuth();
        builder.AddGatewayInternalClients();
        builder.AddGatewayApi();
        builder.AddGatewaySync();
        builder.AddGatewayReconciliation();
        builder.AddGatewayReports();
        builder.AddGatewayJobs();
        builder.Services.AddGatewayTelemetry();
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapGatewayEdge();
        app.MapGatewayApi();
        app.MapGatewaySync();
        app.MapGatewayReports();
        app.MapGatewayJobs();
        return app;
    }
}
