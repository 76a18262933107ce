using System.DirectoryServices.Protocols;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using PasswordSync.Testing;

namespace PasswordSync.Gateway.Tests.Rotations;

/// <summary>
/// The shared Samba AD DC, seen independently of the code under test: fresh "rot-" accounts made over LDAPS as
/// Administrator, admin resets, simple binds as the account (the independent proof of what AD holds) and attribute
/// reads. Every test makes its own accounts, so tests do not depend on each other or on run order.
/// </summary>
internal static class RotationDomain
{
    public static string Host => TestServers.Require("SAMBA_HOST");
    public static int Port => int.Parse(TestServers.Require("SAMBA_PORT"), System.Globalization.CultureInfo.InvariantCulture);
    public static string BaseDn => TestServers.Require("SAMBA_BASE_DN");
    public static string UsersDn => TestServers.Require("SAMBA_USERS_DN");
    public static string Realm => TestServers.Require("SAMBA_REALM").ToLowerInvariant();
    public static string AdminUser => TestServers.Require("SAMBA_ADMIN_USER");
    public static string AdminPassword => TestServers.Require("SAMBA_ADMIN_PASSWORD");
    public static string CaPem => File.ReadAllText(TestServers.Require("SAMBA_CA_PEM"));
    public static string LockoutGroupDn => TestServers.Require("SAMBA_LOCKOUT_GROUP_DN");
    public static int LockoutThreshold => int.Parse(TestServers.Require("SAMBA_LOCKOUT_THRESHOLD"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A password that meets the domain's complexity rules and was never used anywhere.</summary>
    public static string NewPassword() => "Rp-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) + "-k5!";

    /// <summary>A fresh enabled account "rot-…" (sAMAccountName at most 20 characters) with the given password.</summary>
    public static RotUser CreateUser(string password, bool inLockoutGroup = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return TryCreateUser(password, inLockoutGroup);
            }
            catch (LdapException e) when (e.ErrorCode == 81 && attempt < 10)
            {
                // Set-up only (81: server unavailable — refused while every test project starts at once against the
                // one DC, whose LDAPS backlog is 10): a fresh connection and name after a pause; assertions never retry.
                Thread.Sleep(TimeSpan.FromMilliseconds(500 * attempt));
            }
        }
    }

    private static RotUser TryCreateUser(string password, bool inLockoutGroup)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("The Samba test DC and libldap's CA folder exist on Linux only.");
        }

        var name = "rot-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(7));
        var dn = $"CN={name},{UsersDn}";
        using var connection = AdminConnection();
        connection.SendRequest(new AddRequest(dn,
            new DirectoryAttribute("objectClass", "user"),
            new DirectoryAttribute("sAMAccountName", name),
            new DirectoryAttribute("userPrincipalName", $"{name}@{Realm}"),
            new DirectoryAttribute("unicodePwd", Encoding.Unicode.GetBytes($"\"{password}\"")),
            new DirectoryAttribute("userAccountControl", "512")));
        if (inLockoutGroup)
        {
            connection.SendRequest(new ModifyRequest(LockoutGroupDn, DirectoryAttributeOperation.Add, "member", dn));
        }

        return new RotUser(name, dn);
    }

    /// <summary>An administrative reset, as an administrator would make it outside PasswordSync.</summary>
    public static void Reset(RotUser user, string password)
    {
        using var connection = AdminConnection();
        connection.SendRequest(new ModifyRequest(user.Dn, DirectoryAttributeOperation.Replace, "unicodePwd",
            Encoding.Unicode.GetBytes($"\"{password}\"")));
    }

    /// <summary>One simple bind as the account over LDAPS; true when AD accepts the password.</summary>
    public static bool CanBind(RotUser user, string password)
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

    public static string? Read(RotUser user, string attribute)
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
        var folder = Path.Combine(Path.GetTempPath(), "pwsync-rot-ca-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "ca.pem"), CaPem);
        using var rehash = System.Diagnostics.Process.Start("openssl", ["rehash", folder]);
        rehash.WaitForExit();
        return folder;
    });
}

internal sealed record RotUser(string Name, string Dn);
