using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace PasswordSync.Gateway.Edge.Https;

/// <summary>
/// Kestrel's public endpoint: one HTTPS port where ALPN lets gRPC clients speak HTTP/2 and scripts HTTP/1.1 (HTTP/2
/// without TLS could not share a port with HTTP/1.1). Applied only when Kestrel really starts.
/// </summary>
internal sealed class PublicKestrelSetup(IOptions<PublicEndpointOptions> options, PublicCertificateSource certificates)
    : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        var endpoint = options.Value;
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = endpoint.MaxRequestBodyBytes;

        void Https(ListenOptions listen)
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificates.Certificate);
        }

        switch (endpoint.ListenAddress)
        {
            case "localhost":
                kestrel.ListenLocalhost(endpoint.Port, Https);
                break;
            case "*":
                kestrel.ListenAnyIP(endpoint.Port, Https);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(endpoint.ListenAddress), endpoint.Port, Https);
                break;
        }
    }
}
