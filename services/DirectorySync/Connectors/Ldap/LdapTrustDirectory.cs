using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>
/// On Linux, libldap validates a server certificate only against a CA directory
/// (<c>SessionOptions.TrustedCertificatesDirectory</c>; <c>VerifyServerCertificate</c> is not supported there). Each
/// distinct target CA gets a private folder (mode 0700) holding the CA pem and its <c>&lt;subject-hash&gt;.0</c> link,
/// created once and removed when the service stops.
/// </summary>
/// <remarks>
/// Of the two copies this replaced, this one (from the OpenLDAP connector) was kept over the AD one, which ran
/// <c>openssl rehash</c>: it needs no external tool, and it links every certificate of a CA bundle (root plus
/// intermediates), where <c>openssl rehash</c> skips a file holding more than one certificate and so trusted nothing.
/// From the AD copy it takes the key over the trimmed PEM (trailing newlines do not make a second folder), the
/// process id in the root's name, the rejection of a PEM block whose content is not a certificate, and a best-effort
/// delete on dispose.
/// </remarks>
internal sealed class LdapTrustDirectory : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<string>> folders = new(StringComparer.Ordinal);
    private readonly string root =
        Path.Combine(Path.GetTempPath(), $"pwsync-ldap-ca-{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <summary>The folder trusting exactly the certificates in <paramref name="caPem"/>.</summary>
    public string FolderFor(string caPem)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(caPem.Trim())));
        return folders.GetOrAdd(key, _ => new Lazy<string>(() => Create(key, caPem))).Value;
    }

    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(root))
            {
                System.IO.Directory.Delete(root, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: the folder only holds public CA certificates.
        }
    }

    private string Create(string key, string caPem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(caPem);
        }
        catch (CryptographicException exception)
        {
            throw NotACertificate(exception);
        }

        if (certificates.Count == 0)
        {
            throw NotACertificate(null);
        }

        CreatePrivateDirectory(root);
        var folder = Path.Combine(root, key[..16]);
        CreatePrivateDirectory(folder);
        var index = 0;
        foreach (var certificate in certificates)
        {
            var fileName = $"ca-{index++}.pem";
            File.WriteAllText(Path.Combine(folder, fileName), certificate.ExportCertificatePem() + "\n");
            var link = NextFreeHashName(folder, OpenSslSubjectHash.Compute(certificate));
            File.CreateSymbolicLink(link, fileName);
            certificate.Dispose();
        }

        return folder;
    }

    private static DirectoryException NotACertificate(Exception? inner) =>
        new(FailureClass.Configuration, Common.V1.Reason.Configuration,
            "The target's CA certificate is not a PEM certificate: paste the CA certificate (BEGIN CERTIFICATE) "
            + "that issued the directory's TLS certificate.", inner: inner);

    private static string NextFreeHashName(string folder, string hash)
    {
        for (var suffix = 0; ; suffix++)
        {
            var candidate = Path.Combine(folder, $"{hash}.{suffix}");
            if (!File.Exists(candidate))
            {
                return candidate;
            }
        }
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
            return;
        }

        System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
