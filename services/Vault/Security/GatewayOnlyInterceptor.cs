using Grpc.Core;
using Microsoft.Extensions.Logging;
using PasswordSync.ServiceDefaults.InternalTls;

namespace PasswordSync.Vault.Security;

/// <summary>
/// Refuses every vault call that does not come from the gateway (health checks excepted, so probes work), and makes
/// the resolved <see cref="Caller"/> (with the acting user the gateway names) available to the service methods.
/// </summary>
internal sealed class GatewayOnlyInterceptor(ICallerResolver resolver, ILogger<GatewayOnlyInterceptor> logger)
    : AdmissionInterceptor
{
    protected override void Admit(ServerCallContext context)
    {
        var caller = resolver.Resolve(context);
        if (!caller.IsGateway)
        {
            throw ServiceDefaults.InternalTls.GatewayOnlyInterceptor.NotTheGateway(context, SecurityExtensions.Service,
                logger);
        }

        CallerAccessor.Set(context, caller);
    }
}
