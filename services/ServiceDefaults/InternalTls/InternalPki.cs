using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>
/// Generates the suite's internal PKI: a private CA, the vault's and directory-sync's server certificates, and the
/// gateway's client certificate. Idempotent: existing files are reused as long as they still chain to the CA, are
/// not about to expire and (servers) cover the requested names; only what is missing or unusable is (re)issued.
/// </summary>
public static class InternalPki
{
    /// <summary>The subject of the gateway's client certificate, the only one the internal services accept.</summary>
    public const string GatewaySubject = "CN=passwordsync-gateway";

    /// <summary>Names every server certificate carries, so local and loopback calls validate.</summary>
    public static readonly IReadOnlyList<string> LoopbackNames = ["localhost", "127.0.0.1", "::1"];

    private static readonly TimeSpan CaValidity = TimeSpan.FromDays(3650);
    private static readonly TimeSpan LeafValidity = TimeSpan.FromDays(825);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>Creates (or completes) the PKI in <paramref name="directory"/>; returns where the files are.</summary>
    public static InternalPkiFiles Ensure(string directory, IEnumerable<string>? vaultNames = null,
        IEnumerable<string>? directorySyncNames = null)
    {
        var files = new InternalPkiFiles(Path.GetFullPath(directory));
        CreateOwnerOnlyDirectory(files.Directory);
        using var ca = EnsureCa(files);
        EnsureServer(ca, "CN=passwordsync-vault", LoopbackNames.Concat(vaultNames ?? []).ToList(),
            files.VaultCertificate, files.VaultKey);
        EnsureServer(ca, "CN=passwordsync-directory-sync", LoopbackNames.Concat(directorySyncNames ?? []).ToList(),
            files.DirectorySyncCertificate, files.DirectorySyncKey);
        EnsureClient(ca, GatewaySubject, files.GatewayCertificate, files.GatewayKey);
        return files;
    }

    private static CertificateAuthority EnsureCa(InternalPkiFiles files)
    {
        var certificateExists = File.Exists(files.CaCertificate);
        if (certificateExists != File.Exists(files.CaKey))
        {
            // Never replace half a CA: the services trust ca.pem, and a new CA would silently break them.
            throw new InvalidOperationException(
                $"Only one of {files.CaCertificate} and {files.CaKey} exists: restore the missing one, or delete both " +
                "(and every certificate in the folder) to create a new internal CA.");
        }

        if (certificateExists)
        {
            return CertificateAuthority.Load(files.CaCertificate, files.CaKey);
        }

        var ca = CertificateAuthority.Create("CN=PasswordSync Internal CA", CaValidity);
        OwnerOnlyFiles.WritePrivate(files.CaKey, ca.Certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        OwnerOnlyFiles.WritePublic(files.CaCertificate, ca.Certificate.ExportCertificatePem());
        return ca;
    }

    private static void EnsureServer(CertificateAuthority ca, string subject, IReadOnlyList<string> names,
        string certificatePath, string keyPath)
    {
        if (IsReusable(ca, certificatePath, keyPath, PrivateCaChain.ServerAuthentication, names))
        {
            return;
        }

        using var issued = ca.IssueServer(subject, names, LeafValidity);
        Write(issued, certificatePath, keyPath);
    }

    private static void EnsureClient(CertificateAuthority ca, string subject, string certificatePath, string keyPath)
    {
        if (IsReusable(ca, certificatePath, keyPath, PrivateCaChain.ClientAuthentication, []))
        {
            return;
        }

        using var issued = ca.IssueClient(subject, LeafValidity);
        Write(issued, certificatePath, keyPath);
    }

    private static bool IsReusable(CertificateAuthority ca, string certificatePath, string keyPath, Oid usage,
        IReadOnlyList<string> names)
    {
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            return false;
        }

        try
        {
            using var existing = PemCertificates.LoadWithKey(certificatePath, keyPath);
            return ca.Issued(existing, usage)
                && existing.NotAfter.ToUniversalTime() - DateTime.UtcNow > RenewBefore
                && Covers(existing, names);
        }
        catch (CryptographicException)
        {
            // Unreadable or mismatched pair: issue a fresh one.
            return false;
        }
    }

    private static bool Covers(X509Certificate2 certificate, IReadOnlyList<string> names)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null)
        {
            return names.Count == 0;
        }

        var dnsNames = extension.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var addresses = extension.EnumerateIPAddresses().ToHashSet();
        return names.All(name => IPAddress.TryParse(name, out var address)
            ? addresses.Contains(address)
            : dnsNames.Contains(name));
    }

    private static void Write(X509Certificate2 issued, string certificatePath, string keyPath)
    {
        // Key first: a certificate on disk always has its key beside it.
        OwnerOnlyFiles.WritePrivate(keyPath, issued.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        OwnerOnlyFiles.WritePublic(certificatePath, issued.ExportCertificatePem());
    }

    private static void CreateOwnerOnlyDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
