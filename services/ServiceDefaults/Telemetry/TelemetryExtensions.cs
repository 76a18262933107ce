using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PasswordSync.ServiceDefaults.Telemetry;

namespace PasswordSync.ServiceDefaults;

/// <summary>
/// OpenTelemetry for every process: traces, metrics and logs, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is
/// set (the exporter reads OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS and the OTEL_BSP_/OTEL_BLRP_/OTEL_METRIC_EXPORT_
/// settings from configuration). docs/observability.md lists what is exported and what never is.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Our own activity sources and meters all start with this prefix.</summary>
    public const string SourcePrefix = "PasswordSync";

    /// <summary>The activity source of MongoDB.Driver 3.x's built-in tracing (the vault's production store).</summary>
    public const string MongoDbActivitySource = "MongoDB.Driver";

    /// <summary>Polly's meter: retries, circuit-breaker transitions, timeouts and pipeline durations.</summary>
    public const string PollyMeter = "Polly";

    public static IHostApplicationBuilder AddPasswordSyncTelemetry(this IHostApplicationBuilder builder)
    {
        // Every request already has a span and a duration metric; per-request framework log lines would repeat the
        // URL (and every health probe) in the logs.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing.EndpointMiddleware", LogLevel.Warning);

        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName(builder),
                serviceVersion: Assembly.GetEntryAssembly()?.GetName().Version?.ToString()))
            .WithLogging(
                logging => logging.AddProcessor(new FormattedMessageOnlyProcessor()),
                options =>
                {
                    options.IncludeFormattedMessage = true;
                    options.IncludeScopes = false;
                })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter($"{SourcePrefix}.*", PollyMeter))
            .WithTracing(tracing => tracing
                .AddSource($"{SourcePrefix}.*", MongoDbActivitySource)
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.Filter = context => !HealthProbes.IsProbe(context);
                    // An exception's message could quote what it was given: spans keep its type only (error.type).
                    options.RecordException = false;
                    // Query strings can carry anything a caller typed: keep them out of traces.
                    options.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                })
                // Injects traceparent into every internal call, so vault and directory-sync spans join the gateway's
                // trace. Bodies are never recorded: only method, status and peer.
                .AddGrpcClientInstrumentation()
                .WithSamplerWhenNotExporting(exporting, builder.Configuration["OTEL_TRACES_SAMPLER"]));

        if (exporting)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Without an exporter no span leaves the process, yet recording them (a span per request, per internal call and
    /// per directory operation, with their attributes) costs CPU on every operation — on a 2-core machine, CPU the
    /// directory needs. So spans are then not sampled at all, unless OTEL_TRACES_SAMPLER says otherwise (e.g. for a
    /// listener of the process's own). With an exporter, the SDK's default (or OTEL_TRACES_SAMPLER) applies.
    /// </summary>
    private static TracerProviderBuilder WithSamplerWhenNotExporting(this TracerProviderBuilder tracing, bool exporting,
        string? configuredSampler) =>
        exporting || !string.IsNullOrWhiteSpace(configuredSampler)
            ? tracing
            : tracing.SetSampler(new AlwaysOffSampler());

    private static string ServiceName(IHostApplicationBuilder builder) =>
        builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } configured
            ? configured
            : builder.Environment.ApplicationName;
}
