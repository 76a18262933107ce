using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PasswordSync.Testing;

namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>
/// The certificate the gateway's public HTTPS endpoint is configured with (self-signed for 127.0.0.1 and localhost,
/// written as PEM files into the gateway's state folder), and the client-side check that accepts exactly it: chain to
/// this certificate only, and the name must match. Nothing here turns validation off.
/// </summary>
public sealed class PublicCertificate
{
    private PublicCertificate(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        Certificate = certificate;
        CertificatePath = certificatePath;
        KeyPath = keyPath;
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public static PublicCertificate CreateIn(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=passwordsync-e2e-gateway", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server authentication
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        var certificatePath = Path.Combine(folder, "e2e-public.crt.pem");
        var keyPath = Path.Combine(folder, "e2e-public.key.pem");
        File.WriteAllText(certificatePath, created.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new PublicCertificate(X509CertificateLoader.LoadCertificate(created.RawData), certificatePath, keyPath);
    }

    /// <summary>Trusts the server only when it presents a chain to this certificate under a matching name.</summary>
    public bool Validate(X509Certificate? presented, SslPolicyErrors errors) =>
        PinnedTrust.Accepts(Certificate, presented, errors);
}
