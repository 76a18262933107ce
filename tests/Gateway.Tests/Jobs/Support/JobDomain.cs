using System.DirectoryServices.Protocols;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using PasswordSync.Testing;

namespace PasswordSync.Gateway.Tests.Jobs.Support;

/// <summary>
/// The shared Samba AD DC seen independently of the code under test: fresh "job-" accounts made over LDAPS as
/// Administrator, simple binds as the account (the independent proof of what AD holds) and attribute reads.
/// </summary>
internal static class JobDomain
{
    public static string Host => TestServers.Require("SAMBA_HOST");
    public static int Port => int.Parse(TestServers.Require("SAMBA_PORT"), System.Globalization.CultureInfo.InvariantCulture);
    public static string Realm => TestServers.Require("SAMBA_REALM").ToLowerInvariant();
    public static string BaseDn => TestServers.Require("SAMBA_BASE_DN");
    public static string AdminUser => TestServers.Require("SAMBA_ADMIN_USER");
    public static string AdminPassword => TestServers.Require("SAMBA_ADMIN_PASSWORD");
    public static string CaPem => File.ReadAllText(TestServers.Require("SAMBA_CA_PEM"));
    private static string UsersDn => TestServers.Require("SAMBA_USERS_DN");

    public static string NewPassword() => "Jb-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) + "-k5!";

    /// <summary>A fresh enabled account "job-…" with the given password.</summary>
    public static JobUser CreateUser(string password)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return TryCreateUser(password);
            }
            catch (LdapException e) when (e.ErrorCode == 81 && attempt < 10)
            {
                // Set-up only (81: server unavailable — refused or TLS set-up lost while every test project starts at
                // once against the one DC): a fresh connection and name after a pause; assertions never retry.
                Thread.Sleep(TimeSpan.FromMilliseconds(500 * attempt));
            }
        }
    }

    private static JobUser TryCreateUser(string password)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("The Samba test DC and libldap's CA folder exist on Linux only.");
        }

        var name = "job-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(7));
        var dn = $"CN={name},{UsersDn}";
        using var connection = AdminConnection();
        connection.SendRequest(new AddRequest(dn,
            new DirectoryAttribute("objectClass", "user"),
            new DirectoryAttribute("sAMAccountName", name),
            new DirectoryAttribute("userPrincipalName", $"{name}@{Realm}"),
            new DirectoryAttribute("unicodePwd", Encoding.Unicode.GetBytes($"\"{password}\"")),
            new DirectoryAttribute("userAccountControl", "512")));
        return new JobUser(name, dn);
    }

    /// <summary>One simple bind as the account over LDAPS; true when AD accepts the password.</summary>
    public static bool CanBind(JobUser user, string password)
    {
        try
        {
            using var connection = Open();
            connection.Bind(new NetworkCredential(user.Dn, password));
            return true;
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            return false;
        }
    }

    public static string? Read(JobUser user, string attribute)
    {
        using var connection = AdminConnection();
        var response = (SearchResponse)connection.SendRequest(
            new SearchRequest(user.Dn, "(objectClass=*)", SearchScope.Base, attribute));
        var entry = response.Entries[0];
        return entry.Attributes.Contains(attribute) ? (string)entry.Attributes[attribute][0] : null;
    }

    private static LdapConnection AdminConnection()
    {
        var connection = Open();
        connection.Bind(new NetworkCredential(AdminUser, AdminPassword));
        return connection;
    }

    private static LdapConnection Open()
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(Host, Port)) { AuthType = AuthType.Basic };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.SecureSocketLayer = true;
        if (OperatingSystem.IsLinux())
        {
            connection.SessionOptions.TrustedCertificatesDirectory = CaFolder.Value;
            connection.SessionOptions.StartNewTlsSessionContext();
        }

        return connection;
    }

    private static readonly Lazy<string> CaFolder = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "pwsync-job-ca-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "ca.pem"), CaPem);
        using var rehash = System.Diagnostics.Process.Start("openssl", ["rehash", folder]);
        rehash.WaitForExit();
        return folder;
    });
}

internal sealed record JobUser(string Name, string Dn);
