using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>Says at every start how callers are authenticated, loudly when insecure local calls are allowed.</summary>
internal sealed class InternalTlsStartupLog(InternalTlsService service, IOptions<InternalTlsOptions> options,
    ILoggerFactory loggers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(service.StartupLogCategory);
        var value = options.Value;
        if (value.AllowInsecureLocalCalls)
        {
            InternalTlsLog.InsecureLocalCallsAllowed(logger, service.SectionName);
        }

        if (value.HasServerCertificate)
        {
            InternalTlsLog.MutualTlsEnabled(logger, service.Name, value.GatewaySubject, value.GrpcPort, value.HealthPort);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
