using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Tests.Observability;

/// <summary>
/// Spans are recorded only when something exports them (or a sampler is asked for): recording spans nobody receives
/// costs CPU on every request. The real OTLP export is proved in TelemetryExportEndToEndTests.
/// </summary>
public sealed class TracingSamplerTests
{
    private static readonly ActivitySource Source = new("PasswordSync.TracingSamplerTests");

    [Fact]
    public void Without_an_exporter_no_span_is_recorded()
    {
        using var host = BuildHost([]);

        using var activity = Source.StartActivity("probe");

        Assert.True(activity is null || !activity.IsAllDataRequested, "a span was recorded with no exporter configured");
    }

    [Fact]
    public void With_an_exporter_spans_are_recorded()
    {
        // Nothing listens there: the exporter fails quietly at export time, after the span was recorded.
        using var host = BuildHost(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" });

        using var activity = Source.StartActivity("probe");

        Assert.NotNull(activity);
        Assert.True(activity.IsAllDataRequested);
    }

    [Fact]
    public void A_configured_sampler_is_left_to_the_sdk_without_an_exporter()
    {
        using var host = BuildHost(new() { ["OTEL_TRACES_SAMPLER"] = "always_on" });

        using var activity = Source.StartActivity("probe");

        Assert.NotNull(activity);
        Assert.True(activity.IsAllDataRequested);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        // No defaults: the machine's own OTEL_* environment variables must not decide the test.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = "Production",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPasswordSyncTelemetry();
        var host = builder.Build();
        // The tracer provider subscribes to activity sources when it is created.
        _ = host.Services.GetRequiredService<TracerProvider>();
        return host;
    }
}
