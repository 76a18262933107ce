using System.Security.Cryptography.X509Certificates;

namespace PasswordSync.Gateway.Edge.Https;

internal static class PemKeys
{
    /// <summary>
    /// A PEM-loaded certificate holds an ephemeral key that SslStream cannot use on every platform (Windows refuses
    /// it); a PKCS#12 round trip gives a key that TLS servers accept everywhere.
    /// </summary>
    public static X509Certificate2 ToServerCertificate(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
}
