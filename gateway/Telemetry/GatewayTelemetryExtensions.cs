using PasswordSync.Gateway.Sync;

namespace PasswordSync.Gateway.Telemetry;

public static class GatewayTelemetryExtensions
{
    /// <summary>
    /// Wraps the registered rotation engine in <see cref="TracedRecordRotator"/>. Call after the Sync folder's
    /// registrations; the rest of the gateway's telemetry is static (see <see cref="GatewayTelemetry"/>).
    /// </summary>
    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services)
    {
        var engine = services.LastOrDefault(service => service.ServiceType == typeof(IRecordRotator));
        if (engine?.ImplementationType is not { } engineType)
        {
            return services;
        }

        services.Remove(engine);
        services.AddSingleton(engineType);
        services.AddSingleton<IRecordRotator>(provider =>
            new TracedRecordRotator((IRecordRotator)provider.GetRequiredService(engineType)));
        return services;
    }
}
