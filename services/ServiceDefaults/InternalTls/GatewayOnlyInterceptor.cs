using Grpc.Core;
using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;

namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>Refuses every call that does not come from the gateway, with a PermissionDenied that says why.</summary>
public sealed class GatewayOnlyInterceptor(GatewayIdentity identity, InternalTlsService service,
    ILogger<GatewayOnlyInterceptor> logger) : AdmissionInterceptor
{
    protected override void Admit(ServerCallContext context)
    {
        if (!identity.IsGateway(context))
        {
            throw NotTheGateway(context, service, logger);
        }
    }

    /// <summary>Logs the refusal and builds the error a non-gateway caller gets.</summary>
    public static RpcException NotTheGateway(ServerCallContext context, InternalTlsService service, ILogger logger)
    {
        InternalTlsLog.NonGatewayRefused(logger, context.Method, context.Peer);
        return RpcErrors.Create(StatusCode.PermissionDenied, Reason.PermissionDenied,
            $"Only the PasswordSync gateway may call the {service.Name}: present the gateway's client certificate " +
            "(issued by the internal CA for the configured gateway subject).");
    }
}
