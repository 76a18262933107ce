using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using PasswordSync.ServiceDefaults.InternalTls;

namespace PasswordSync.Gateway.Internal;

/// <summary>
/// The gateway's side of mutual TLS: the client certificate it presents, and the internal CA that alone may have
/// issued the services' server certificates (the machine's trust store is never consulted).
/// </summary>
public sealed class InternalTlsCredentials : IDisposable
{
    private InternalTlsCredentials(X509Certificate2 clientCertificate, X509Certificate2Collection authorities)
    {
        ClientCertificate = clientCertificate;
        Authorities = authorities;
    }

    public X509Certificate2 ClientCertificate { get; }

    public X509Certificate2Collection Authorities { get; }

    public static InternalTlsCredentials Load(InternalClientOptions options) =>
        Load(options.CaPath!, options.ClientCertificatePath!, options.ClientKeyPath!);

    public static InternalTlsCredentials Load(string caPath, string clientCertificatePath, string clientKeyPath)
    {
        var authorities = PemCertificates.LoadAll(caPath);
        if (authorities.Count == 0)
        {
            throw new InvalidOperationException($"{caPath} holds no certificate.");
        }

        return new InternalTlsCredentials(PemCertificates.LoadWithKey(clientCertificatePath, clientKeyPath),
            authorities);
    }

    /// <summary>The TLS options of a connection to an internal service.</summary>
    public SslClientAuthenticationOptions ToSslOptions() => new()
    {
        ClientCertificateContext = SslStreamCertificateContext.Create(ClientCertificate, null),
        // The private CA publishes no revocation list: checking online would only fail or stall.
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            certificate is X509Certificate2 server
            && (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0
            && PrivateCaChain.Validates(server, Authorities, PrivateCaChain.ServerAuthentication),
    };

    public void Dispose()
    {
        ClientCertificate.Dispose();
        foreach (var authority in Authorities)
        {
            authority.Dispose();
        }
    }
}
