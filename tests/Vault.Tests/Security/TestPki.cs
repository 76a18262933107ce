using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PasswordSync.Testing;

namespace PasswordSync.Vault.Tests.Security;

/// <summary>
/// Certificates made in the test (no files from elsewhere): an internal CA, the vault's server certificate, the
/// gateway's client certificate, and the impostors the vault must refuse.
/// </summary>
internal sealed class TestPki : IDisposable
{
    public const string GatewaySubject = "CN=passwordsync-gateway";
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    public TestPki()
    {
        InternalCa = CreateCa("CN=PasswordSync Test Internal CA");
        OtherCa = CreateCa("CN=Some Other CA");
        Server = Issue(InternalCa, "CN=vault", ServerAuth, server: true);
        Gateway = Issue(InternalCa, GatewaySubject, ClientAuth);
        WrongSubject = Issue(InternalCa, "CN=not-the-gateway", ClientAuth);
        // Same subject as the gateway, but signed by a CA the vault does not trust.
        ForeignGateway = Issue(OtherCa, GatewaySubject, ClientAuth);
    }

    public X509Certificate2 InternalCa { get; }

    public X509Certificate2 OtherCa { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Gateway { get; }

    public X509Certificate2 WrongSubject { get; }

    public X509Certificate2 ForeignGateway { get; }

    /// <summary>Writes the server certificate, its key and the CA as PEM files; returns their paths.</summary>
    public (string Certificate, string Key, string Ca) WriteServerFiles(string directory)
    {
        var certificate = Path.Combine(directory, "vault.crt");
        var key = Path.Combine(directory, "vault.key");
        var ca = Path.Combine(directory, "internal-ca.pem");
        File.WriteAllText(certificate, Server.ExportCertificatePem());
        File.WriteAllText(key, Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(ca, InternalCa.ExportCertificatePem());
        return (certificate, key, ca);
    }

    /// <summary>Checks the vault's server certificate against the test CA (the client side of mutual TLS).</summary>
    public bool IsTrustedServer(X509Certificate2 certificate) => PinnedTrust.ChainsTo(InternalCa, certificate);

    public void Dispose()
    {
        foreach (var certificate in new[] { InternalCa, OtherCa, Server, Gateway, WrongSubject, ForeignGateway })
        {
            certificate.Dispose();
        }
    }

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return Reload(created);
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, Oid usage, bool server = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(ca, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    // A PKCS#12 round trip gives a certificate whose private key SslStream can use on every platform.
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
}
