using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Net;

namespace PasswordSync.Benchmarks.Directories;

/// <summary>
/// LDAPS connections that validate the server's certificate against its CA by name (libldap's CA folder with
/// openssl's hash links: the only way that works on Linux, see the environment notes).
/// </summary>
internal sealed class LdapsConnections(string host, int port, string caPemPath)
{
    private readonly Lazy<string> caFolder = new(() => CreateCaFolder(caPemPath));

    public string Host => host;

    public LdapConnection Open()
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(host, port))
        {
            AuthType = AuthType.Basic,
            Timeout = TimeSpan.FromSeconds(60),
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.SecureSocketLayer = true;
        connection.SessionOptions.TrustedCertificatesDirectory = caFolder.Value;
        connection.SessionOptions.StartNewTlsSessionContext();
        return connection;
    }

    /// <summary>A connection bound as <paramref name="user"/> (the caller disposes it).</summary>
    public LdapConnection OpenAs(string user, string password)
    {
        var connection = Open();
        try
        {
            connection.Bind(new NetworkCredential(user, password));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>True when the directory accepts the password in a simple bind on a fresh connection.</summary>
    public bool CanBind(string user, string password)
    {
        try
        {
            using var connection = OpenAs(user, password);
            return true;
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            return false;
        }
    }

    private static string CreateCaFolder(string caPemPath)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("pwsync-bench-ca-").FullName;
        File.Copy(caPemPath, Path.Combine(folder, "ca.pem"));
        using var rehash = Process.Start("openssl", ["rehash", folder]);
        if (!rehash.WaitForExit(30_000) || rehash.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl rehash {folder} failed.");
        }

        return folder;
    }
}
