using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

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
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(trusted);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                return chain.Build(presented);
            },
        },
    };
}
