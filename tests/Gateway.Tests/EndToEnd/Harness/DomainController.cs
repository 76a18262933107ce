using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Net;
using PasswordSync.Testing;

namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>
/// A real Samba AD DC the end-to-end tests talk to directly over LDAPS as its administrator, independently of the code
/// under test: to create accounts, change them behind PasswordSync's back and prove passwords with a bind.
/// </summary>
public sealed record DomainController(
    string Host,
    int Port,
    string Realm,
    string BaseDn,
    string UsersDn,
    string AdminUser,
    string AdminPassword,
    string CaPem,
    string? LockoutGroupDn)
{
    private readonly Lazy<string> caFolder = new(() => CreateCaFolder(CaPem));

    /// <summary>The DNS name records use as their "Domain or Host" (the realm, lower case).</summary>
    public string DomainName => Realm.ToLowerInvariant();

    /// <summary>The shared test-run DC (tests/servers/start-samba.sh); skips the test when it was not started.</summary>
    public static DomainController Shared() => new(
        TestServers.Require("SAMBA_HOST"),
        int.Parse(TestServers.Require("SAMBA_PORT")),
        TestServers.Require("SAMBA_REALM"),
        TestServers.Require("SAMBA_BASE_DN"),
        TestServers.Require("SAMBA_USERS_DN"),
        TestServers.Require("SAMBA_ADMIN_USER"),
        TestServers.Require("SAMBA_ADMIN_PASSWORD"),
        File.ReadAllText(TestServers.Require("SAMBA_CA_PEM")),
        TestServers.Require("SAMBA_LOCKOUT_GROUP_DN"));

    /// <summary>A connection bound as the DC's administrator (the caller disposes it).</summary>
    /// <remarks>
    /// Set-up only (assertions never retry): the shared DC's LDAPS backlog is 10, so a burst of connections from every
    /// test project at once can be refused; a fresh connection after a pause gets through.
    /// </remarks>
    public LdapConnection AdminConnection()
    {
        for (var attempt = 1; ; attempt++)
        {
            var connection = Open(TimeSpan.FromSeconds(30));
            try
            {
                connection.Bind(new NetworkCredential(AdminUser, AdminPassword));
                return connection;
            }
            catch (LdapException e) when (e.ErrorCode == 81 && attempt < 5)
            {
                connection.Dispose();
                Thread.Sleep(TimeSpan.FromMilliseconds(300 * attempt));
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// One simple bind as the account, the way any client of the directory would prove a password. Accepted → null;
    /// refused → the server's diagnostic (e.g. "data 52e" wrong password, "data 775" locked, "data 773" must change).
    /// </summary>
    public string? TryBind(string userPrincipalName, string password)
    {
        try
        {
            using var connection = Open(TimeSpan.FromSeconds(30));
            connection.Bind(new NetworkCredential(userPrincipalName, password));
            return null;
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            // The server message names the reason code; it never contains the password.
            return string.IsNullOrEmpty(e.ServerErrorMessage) ? e.Message : e.ServerErrorMessage;
        }
    }

    /// <summary>Reads attributes of one entry as the administrator.</summary>
    public SearchResultEntry? Read(string dn, params string[] attributes)
    {
        using var connection = AdminConnection();
        try
        {
            var response = (SearchResponse)connection.SendRequest(
                new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, attributes));
            return response.Entries.Count == 0 ? null : response.Entries[0];
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.NoSuchObject)
        {
            return null;
        }
    }

    private LdapConnection Open(TimeSpan timeout)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("The Samba test DC and libldap's CA folder exist on Linux only.");
        }

        var connection = new LdapConnection(new LdapDirectoryIdentifier(Host, Port))
        {
            AuthType = AuthType.Basic,
            Timeout = timeout,
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.SecureSocketLayer = true;
        // Validated against the DC's own CA, by name (the environment notes: VerifyServerCertificate does not work on
        // Linux; a CA folder with openssl's hash links does).
        if (OperatingSystem.IsLinux())
        {
            connection.SessionOptions.TrustedCertificatesDirectory = caFolder.Value;
            connection.SessionOptions.StartNewTlsSessionContext();
        }

        return connection;
    }

    private static string CreateCaFolder(string caPem)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("pwsync-e2e-ca-").FullName;
        File.WriteAllText(Path.Combine(folder, "ca.pem"), caPem);
        using var rehash = Process.Start("openssl", ["rehash", folder]);
        if (!rehash.WaitForExit(30_000) || rehash.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl rehash {folder} failed.");
        }

        return folder;
    }
}
