using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace PasswordSync.ServiceDefaults;

/// <summary>The wiring every PasswordSync process shares: telemetry, health and gRPC reflection.</summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthPath = "/health";

    /// <summary>Adds OpenTelemetry, health checks (gRPC and HTTP) and gRPC reflection.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddPasswordSyncTelemetry();
        builder.Services.AddGrpcHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);
        builder.Services.AddGrpcReflection();
        return builder;
    }

    /// <summary>Maps <c>/health</c>, the gRPC health service and gRPC reflection.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { AllowCachingResponses = false });
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
