using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PasswordSync.Vault.Security;

/// <summary>Says at every start how callers are authenticated, loudly when insecure local calls are allowed.</summary>
internal sealed class SecurityStartupLog(IOptions<VaultSecurityOptions> options, ILogger<SecurityStartupLog> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var value = options.Value;
        if (value.AllowInsecureLocalCalls)
        {
            SecurityLog.InsecureLocalCallsAllowed(logger);
        }

        if (value.HasServerCertificate)
        {
            SecurityLog.MutualTlsEnabled(logger, value.GatewaySubject, value.GrpcPort, value.HealthPort);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
