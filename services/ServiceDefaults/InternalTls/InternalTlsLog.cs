using Microsoft.Extensions.Logging;

namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>Security events of the internal services (ids kept from the vault, where they were first defined).</summary>
public static partial class InternalTlsLog
{
    public const int NonGatewayRefusedEventId = 2001;

    [LoggerMessage(EventId = NonGatewayRefusedEventId, Level = LogLevel.Warning,
        Message = "Refused {Method} from {Peer}: the caller is not the gateway (no verified gateway client certificate)")]
    public static partial void NonGatewayRefused(ILogger logger, string method, string peer);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Critical,
        Message = "INSECURE: {Section}:AllowInsecureLocalCalls is ON. Local calls without a client certificate " +
            "are treated as the gateway. Use this for local development only, never in production.")]
    public static partial void InsecureLocalCallsAllowed(ILogger logger, string section);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "The {Service} accepts only the gateway ({GatewaySubject}) over mutual TLS on port {GrpcPort}; health on port {HealthPort}")]
    public static partial void MutualTlsEnabled(ILogger logger, string service, string gatewaySubject, int grpcPort,
        int healthPort);
}
