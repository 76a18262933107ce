using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PasswordSync.ServiceDefaults;

/// <summary>OpenTelemetry for every process: traces, metrics and logs, exported over OTLP when an endpoint is set.</summary>
public static class TelemetryExtensions
{
    /// <summary>Our own activity sources and meters all start with this prefix.</summary>
    public const string SourcePrefix = "PasswordSync";

    public static IHostApplicationBuilder AddPasswordSyncTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            // Formatted messages only: our log templates never carry secrets, and scopes/state could.
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = false;
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter($"{SourcePrefix}.*", "Polly"))
            .WithTracing(tracing => tracing
                .AddSource($"{SourcePrefix}.*")
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.Filter = context => !IsHealthProbe(context);
                    // Query strings can carry anything a caller typed: keep them out of traces.
                    options.EnrichWithHttpRequest = (activity, request) =>
                        activity.SetTag("url.query", null);
                })
                .AddGrpcClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    private static bool IsHealthProbe(HttpContext context) =>
        context.Request.Path.StartsWithSegments(ServiceDefaultsExtensions.HealthPath, StringComparison.Ordinal)
        || context.Request.Path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal);
}
