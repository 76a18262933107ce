using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using PasswordSync.Testing;

namespace PasswordSync.Gateway.Tests.Edge;

/// <summary>
/// An HTTP handler that trusts exactly one certificate (what <c>curl --cacert</c> does) and still checks the host
/// name, so the tests prove the gateway's certificate is valid for the name they connect to.
/// </summary>
internal static class TrustedHttpHandler
{
    public static SocketsHttpHandler For(X509Certificate2 trusted) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                PinnedTrust.Accepts(trusted, certificate, errors),
        },
    };
}
