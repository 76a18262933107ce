using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using PasswordSync.ServiceDefaults.InternalTls;

namespace PasswordSync.Gateway.Tests.InternalTls;

/// <summary>
/// Hand-made TLS connections to the internal services, presenting any client certificate (or none): the callers the
/// services must refuse. The server is still checked against the suite's CA, so a refusal is the server's doing.
/// </summary>
internal static class MutualTlsChannels
{
    public static GrpcChannel Connect(Uri address, InternalPkiFiles pki, X509Certificate2? clientCertificate) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = Handler(pki, clientCertificate),
            DisposeHttpClient = true,
        });

    public static SocketsHttpHandler Handler(InternalPkiFiles pki, X509Certificate2? clientCertificate)
    {
        var authorities = PemCertificates.LoadAll(pki.CaCertificate);
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificateContext = clientCertificate is null
                    ? null
                    : SslStreamCertificateContext.Create(clientCertificate, null),
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is X509Certificate2 server
                    && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                    && PrivateCaChain.Validates(server, authorities, PrivateCaChain.ServerAuthentication),
            },
        };
    }
}
