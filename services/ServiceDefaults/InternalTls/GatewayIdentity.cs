using System.Net;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>
/// Whether a call comes from the gateway: it presented a verified gateway certificate, or (insecure local development
/// only) it is a local call without a certificate.
/// </summary>
public sealed class GatewayIdentity(GatewayTrust trust, IOptions<InternalTlsOptions> options)
{
    public bool IsGateway(ServerCallContext context)
    {
        var connection = context.GetHttpContext().Connection;
        var certificate = connection.ClientCertificate;
        return certificate is not null
            ? trust.IsGateway(certificate)
            : options.Value.AllowInsecureLocalCalls && IsLocal(connection.RemoteIpAddress);
    }

    // No remote address means an in-process caller (test server, Unix socket): local by construction.
    private static bool IsLocal(IPAddress? remote) => remote is null || IPAddress.IsLoopback(remote);
}
