using Microsoft.Extensions.Logging;

namespace PasswordSync.Vault.Security;

internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Refused {Method} from {Peer}: the caller is not the gateway (no verified gateway client certificate)")]
    public static partial void NonGatewayRefused(ILogger logger, string method, string peer);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Critical,
        Message = "INSECURE: Vault:Security:AllowInsecureLocalCalls is ON. Local calls without a client certificate " +
            "are treated as the gateway. Use this for local development only, never in production.")]
    public static partial void InsecureLocalCallsAllowed(ILogger logger);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "Vault accepts only the gateway ({GatewaySubject}) over mutual TLS on port {GrpcPort}; health on port {HealthPort}")]
    public static partial void MutualTlsEnabled(ILogger logger, string gatewaySubject, int grpcPort, int healthPort);
}
