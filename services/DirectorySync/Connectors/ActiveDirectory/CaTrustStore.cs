using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PasswordSync.Common.V1;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// Turns a target's CA PEM into what libldap can trust on Linux: a private folder holding the PEM and its
/// <c>openssl rehash</c> hash link, one folder per distinct CA (keyed by the PEM's SHA-256), created once per process.
/// libldap looks CA files up by subject-name hash, so a bare PEM file in the folder is not enough.
/// </summary>
internal sealed class CaTrustStore : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"passwordsync-ca-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private readonly ConcurrentDictionary<string, Lazy<string>> folders = new(StringComparer.Ordinal);

    /// <summary>The folder to give <c>SessionOptions.TrustedCertificatesDirectory</c> for this CA.</summary>
    public string FolderFor(string caPem)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(caPem.Trim())));
        return folders.GetOrAdd(key, k => new Lazy<string>(() => Create(k, caPem))).Value;
    }

    /// <summary>The CA certificates of a PEM (one or more), for the managed TLS probe.</summary>
    public static X509Certificate2Collection Parse(string caPem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(caPem);
        return collection;
    }

    private string Create(string key, string caPem)
    {
        var folder = Path.Combine(root, key);
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(folder);
        }
        else
        {
            System.IO.Directory.CreateDirectory(folder,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        File.WriteAllText(Path.Combine(folder, "ca.pem"), caPem.Trim() + "\n");
        Rehash(folder);
        return folder;
    }

    private static void Rehash(string folder)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("rehash");
        start.ArgumentList.Add(folder);
        try
        {
            using var process = Process.Start(start)
                ?? throw new InvalidOperationException("openssl did not start");
            process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(10_000) || process.ExitCode != 0 ||
                !System.IO.Directory.EnumerateFiles(folder, "*.0").Any())
            {
                throw new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                    $"The target's CA certificate could not be prepared for LDAP TLS ({error.Trim()}): check that "
                    + "ca_certificate_pem holds a valid PEM certificate.");
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                "The openssl command is missing on the directory-sync host: install openssl (it prepares CA folders "
                + "for LDAP TLS).", inner: e);
        }
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
}
