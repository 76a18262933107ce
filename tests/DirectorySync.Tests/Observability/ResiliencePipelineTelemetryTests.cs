using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Resilience;
using Polly;

namespace PasswordSync.DirectorySync.Tests.Observability;

/// <summary>
/// The per-server Polly pipelines, built from directory-sync's own registration, really emit Polly's telemetry
/// (the "Polly" meter the service defaults export): a retried transient failure shows as a retry event and a
/// pipeline duration, tagged with the pipeline's key (kind and server, never an account or a password).
/// </summary>
public sealed class ResiliencePipelineTelemetryTests
{
    [Fact]
    public async Task A_retried_transient_failure_is_reported_on_the_Polly_meter_with_the_servers_pipeline_name()
    {
        using var recorder = new MeasurementRecorder("Polly");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<ResilienceOptions>().Configure(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1));
        services.AddDirectoryResilience();
        await using var provider = services.BuildServiceProvider();
        var server = $"dc-{Guid.NewGuid():N}.example.test:636";
        var pipeline = provider.GetRequiredService<ServerPipelines>().For(DirectoryKind.ActiveDirectory, server);

        var attempts = 0;
        await pipeline.ExecuteAsync(_ =>
        {
            if (++attempts == 1)
            {
                throw new DirectoryException(FailureClass.Transient, Reason.Transient, "The server did not answer.");
            }

            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken);

        Assert.Equal(2, attempts);
        var ours = recorder.Measurements
            .Where(m => m.Tags.GetValueOrDefault("pipeline.name") == ServerPipelines.KeyFor(DirectoryKind.ActiveDirectory, server))
            .ToList();
        Assert.Contains(ours, m => m.Instrument == "resilience.polly.strategy.events"
            && m.Tags.GetValueOrDefault("event.name") == "OnRetry");
        Assert.Contains(ours, m => m.Instrument == "resilience.polly.pipeline.duration");
    }
}
