using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>
/// A private certificate authority (ECDSA P-256) that issues the suite's server and client certificates. Used by the
/// PKI generator, and by tests that need impostors (another CA, another subject).
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private CertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public static CertificateAuthority Create(string subject, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(validity));
        return new CertificateAuthority(Reload(created));
    }

    public static CertificateAuthority Load(string certificatePath, string keyPath)
    {
        var certificate = PemCertificates.LoadWithKey(certificatePath, keyPath);
        if (!IsCa(certificate))
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{certificatePath} is not a CA certificate.");
        }

        return new CertificateAuthority(certificate);
    }

    /// <summary>A TLS server certificate whose SAN lists <paramref name="names"/> (DNS names or IP addresses).</summary>
    public X509Certificate2 IssueServer(string subject, IEnumerable<string> names, TimeSpan validity)
    {
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var address))
            {
                alternativeNames.AddIpAddress(address);
            }
            else
            {
                alternativeNames.AddDnsName(name);
            }
        }

        return Issue(subject, PrivateCaChain.ServerAuthentication, validity, alternativeNames.Build());
    }

    /// <summary>A TLS client certificate with <paramref name="subject"/>.</summary>
    public X509Certificate2 IssueClient(string subject, TimeSpan validity) =>
        Issue(subject, PrivateCaChain.ClientAuthentication, validity, alternativeNames: null);

    /// <summary>True when <paramref name="certificate"/> was issued by this CA, is in its validity period and fits.</summary>
    public bool Issued(X509Certificate2 certificate, Oid usage) =>
        PrivateCaChain.Validates(certificate, [Certificate], usage);

    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(string subject, Oid usage, TimeSpan validity, X509Extension? alternativeNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (alternativeNames is not null)
        {
            request.CertificateExtensions.Add(alternativeNames);
        }

        // A leaf must not outlive its CA: the chain would stop validating before the leaf says it expires.
        var now = DateTimeOffset.UtcNow;
        var notAfter = new[] { now.Add(validity), new DateTimeOffset(Certificate.NotAfter) }.Min();
        using var issued = request.Create(Certificate, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    private static bool IsCa(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(c => c.CertificateAuthority);

    // A PKCS#12 round trip gives a certificate whose private key SslStream can use on every platform.
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
}
