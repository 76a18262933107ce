using Microsoft.Extensions.DependencyInjection.Extensions;
using Polly;
using Polly.Telemetry;

namespace PasswordSync.DirectorySync.Resilience;

internal static class ResilienceRegistration
{
    /// <summary>
    /// Polly's DI registry (telemetry on: logs and the "Polly" meter, exported by the service defaults; a successful attempt
    /// logs at Debug, see <see cref="PollyEventSeverity"/>) plus the
    /// per-server pipelines built from it on demand.
    /// </summary>
    public static IServiceCollection AddDirectoryResilience(this IServiceCollection services)
    {
        services.AddResiliencePipelineRegistry<string>();
        services.Configure<TelemetryOptions>(telemetry => telemetry.SeverityProvider = PollyEventSeverity.For);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ServerPipelines>();
        services.AddSingleton<ResilientDirectory>();
        return services;
    }
}
