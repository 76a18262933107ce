using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PasswordSync.Gateway.Edge.Https;

/// <summary>
/// A self-signed certificate made on first run when none is configured, kept in the state directory and reused on
/// every later start, so clients can trust it once (<c>curl --cacert &lt;state&gt;/public-certificate.pem</c>).
/// It names localhost, 127.0.0.1, ::1 and the machine name. The key file is readable by the service's user only.
/// </summary>
internal sealed class GeneratedCertificate
{
    public const string CertificateFileName = "public-certificate.pem";
    public const string KeyFileName = "public-certificate.key";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(825);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(7);

    private GeneratedCertificate(string certificatePath, X509Certificate2 certificate)
    {
        CertificatePath = certificatePath;
        Certificate = certificate;
    }

    public string CertificatePath { get; }

    public X509Certificate2 Certificate { get; }

    public static GeneratedCertificate LoadOrCreate(string stateDirectory, DateTimeOffset now, ILogger logger)
    {
        var certificatePath = Path.Combine(stateDirectory, CertificateFileName);
        var keyPath = Path.Combine(stateDirectory, KeyFileName);

        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            using var existing = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            if (existing.NotAfter.ToUniversalTime() > now.UtcDateTime + RenewBefore)
            {
                RestrictKeyFile(keyPath, logger);
                return new GeneratedCertificate(certificatePath, PemKeys.ToServerCertificate(existing));
            }

            EdgeLog.GeneratedCertificateExpiring(logger, certificatePath, existing.NotAfter);
        }

        using var created = Create(now);
        Write(stateDirectory, certificatePath, keyPath, created);
        EdgeLog.GeneratedCertificateCreated(logger, certificatePath);
        return new GeneratedCertificate(certificatePath, PemKeys.ToServerCertificate(created));
    }

    private static X509Certificate2 Create(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedName($"CN=PasswordSync gateway {Environment.MachineName}");
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);

        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName(Environment.MachineName);
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        // Backdated a little so a client whose clock runs slightly behind still accepts it.
        return request.CreateSelfSigned(now.AddMinutes(-10), now + Lifetime);
    }

    private static void Write(string stateDirectory, string certificatePath, string keyPath,
        X509Certificate2 certificate)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(stateDirectory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(stateDirectory,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var key = certificate.GetECDsaPrivateKey()!;

        // Key first, each through a temporary file and a rename: a crash never leaves a certificate without its key
        // or a half-written file that the next start would fail to read.
        ReplaceFile(keyPath, key.ExportPkcs8PrivateKeyPem(), ownerOnly: true);
        ReplaceFile(certificatePath, certificate.ExportCertificatePem(), ownerOnly: false);
    }

    private static void ReplaceFile(string path, string content, bool ownerOnly)
    {
        var temporary = path + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = ownerOnly
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        File.Delete(temporary);
        using (var stream = new FileStream(temporary, fileOptions))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A key file someone loosened (copied, restored from backup) is tightened again, and said so.</summary>
    private static void RestrictKeyFile(string keyPath, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var mode = File.GetUnixFileMode(keyPath);
        if ((mode & ~ownerOnly) != 0)
        {
            File.SetUnixFileMode(keyPath, ownerOnly);
            EdgeLog.KeyFileTightened(logger, keyPath);
        }
    }
}
