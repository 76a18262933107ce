using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>
/// Two endpoints: gRPC over TLS that requires a client certificate chaining to the internal CA, and health over TLS
/// without client certificates (probes have none). The gateway's subject is checked per call by
/// <see cref="GatewayOnlyInterceptor"/>, so a wrong subject gets a PermissionDenied that says why, not a reset socket.
/// </summary>
internal sealed class InternalTlsKestrelSetup(IOptions<InternalTlsOptions> options, GatewayTrust trust)
    : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        var value = options.Value;
        if (!value.HasServerCertificate)
        {
            // Insecure local development (validated at start-up): loopback only, whatever ListenAddress says, and
            // gRPC over cleartext HTTP/2 (h2c), which needs an HTTP/2-only endpoint.
            kestrel.Listen(IPAddress.Loopback, value.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, value.HealthPort, listen => listen.Protocols = HttpProtocols.Http1);
            return;
        }

        var address = IPAddress.Parse(value.ListenAddress);
        var serverCertificate = PemCertificates.LoadServerCertificate(value);
        kestrel.Listen(address, value.GrpcPort, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = serverCertificate;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                // The private CA has no online revocation list (checked in GatewayTrust with NoCheck).
                https.CheckCertificateRevocation = false;
                https.ClientCertificateValidation = (certificate, chain, _) =>
                    trust.ChainsToInternalCa(certificate, chain);
            });
        });
        kestrel.Listen(address, value.HealthPort, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = serverCertificate;
                https.ClientCertificateMode = ClientCertificateMode.NoCertificate;
            });
        });
    }
}
