using System.Collections.Concurrent;
using System.DirectoryServices.Protocols;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using PasswordSync.Testing;

namespace PasswordSync.Gateway.Tests.Checks;

/// <summary>
/// The run's real Samba AD DC, reached straight over LDAPS as its administrator (never through the code under test):
/// makes fresh accounts named <c>chk-…</c>, fails binds on purpose, resets passwords behind PasswordSync's back, and
/// reads the lockout counters the tests assert. Accounts go into the DC's lockout-test group (a PSO with threshold
/// SAMBA_LOCKOUT_THRESHOLD), because Samba counts bad passwords only where a lockout policy applies; the domain policy
/// other tests rely on is never touched.
/// </summary>
internal static class CheckDomain
{
    private static readonly ConcurrentBag<string> UsedPasswords = [];

    public static string Host => TestServers.Require("SAMBA_HOST");
    public static int Port => int.Parse(TestServers.Require("SAMBA_PORT"), System.Globalization.CultureInfo.InvariantCulture);
    public static string BaseDn => TestServers.Require("SAMBA_BASE_DN");
    public static string Realm => TestServers.Require("SAMBA_REALM");
    public static string Domain => TestServers.Require("SAMBA_DOMAIN");
    public static string AdminUser => TestServers.Require("SAMBA_ADMIN_USER");
    public static string AdminPassword => TestServers.Require("SAMBA_ADMIN_PASSWORD");
    public static string CaPem => File.ReadAllText(TestServers.Require("SAMBA_CA_PEM"));
    public static int LockoutThreshold =>
        int.Parse(TestServers.Require("SAMBA_LOCKOUT_THRESHOLD"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Every password the tests made (to prove none leaked), plus the privileged one when the servers were started
    /// (without them the tests skip, and their clean-up must not turn the skip into a failure).
    /// </summary>
    public static IEnumerable<string> Secrets =>
        TestServers.Get("SAMBA_ADMIN_PASSWORD") is { } admin ? UsedPasswords.Append(admin) : UsedPasswords;

    public static string NewPassword()
    {
        var password = "Chk-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9)) + "-z8!";
        UsedPasswords.Add(password);
        return password;
    }

    /// <summary>A name no account has (sAMAccountName: at most 20 characters).</summary>
    public static string NewName() => "chk-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(7));

    public static CheckAccount CreateUser(string? password = null, bool enabled = true, bool mustChange = false,
        bool inLockoutGroup = true)
    {
        var name = NewName();
        password ??= NewPassword();
        var dn = $"CN={name},{TestServers.Require("SAMBA_USERS_DN")}";
        using var connection = AdminConnection();
        connection.SendRequest(new AddRequest(dn,
            new DirectoryAttribute("objectClass", "user"),
            new DirectoryAttribute("sAMAccountName", name),
            new DirectoryAttribute("userPrincipalName", $"{name}@{Realm.ToLowerInvariant()}"),
            new DirectoryAttribute("unicodePwd", Encoding.Unicode.GetBytes($"\"{password}\"")),
            new DirectoryAttribute("userAccountControl", enabled ? "512" : "514")));
        if (mustChange)
        {
            connection.SendRequest(new ModifyRequest(dn, DirectoryAttributeOperation.Replace, "pwdLastSet", "0"));
        }

        if (inLockoutGroup)
        {
            connection.SendRequest(new ModifyRequest(TestServers.Require("SAMBA_LOCKOUT_GROUP_DN"),
                DirectoryAttributeOperation.Add, "member", dn));
        }

        return new CheckAccount(name, dn, password);
    }

    /// <summary>An administrator's reset, as a help-desk tool would do it behind PasswordSync's back.</summary>
    public static string ResetBehindTheBack(CheckAccount account)
    {
        var password = NewPassword();
        using var connection = AdminConnection();
        connection.SendRequest(new ModifyRequest(account.Dn, DirectoryAttributeOperation.Replace, "unicodePwd",
            Encoding.Unicode.GetBytes($"\"{password}\"")));
        return password;
    }

    /// <summary>Binds with a wrong password <paramref name="times"/> times (each one counts toward lockout).</summary>
    public static void FailBinds(CheckAccount account, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var connection = Open();
            var wrong = NewPassword();
            var error = Assert.Throws<LdapException>(() => connection.Bind(new NetworkCredential(account.Dn, wrong)));
            Assert.Equal(49, error.ErrorCode);
        }
    }

    public static int BadPasswordCount(CheckAccount account) =>
        int.Parse(Read(account.Dn, "badPwdCount") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsLockedOut(CheckAccount account) =>
        (long.Parse(Read(account.Dn, "msDS-User-Account-Control-Computed") ?? "0",
            System.Globalization.CultureInfo.InvariantCulture) & 0x10) != 0;

    public static string? PasswordLastSet(CheckAccount account) => Read(account.Dn, "pwdLastSet");

    /// <summary>One attribute of an entry, read as Administrator (constructed attributes need a base-scope read).</summary>
    public static string? Read(string dn, string attribute)
    {
        using var connection = AdminConnection();
        var response = (SearchResponse)connection.SendRequest(
            new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, attribute));
        var entry = response.Entries[0];
        return entry.Attributes.Contains(attribute) ? (string)entry.Attributes[attribute][0] : null;
    }

    public static void Delete(CheckAccount account)
    {
        try
        {
            using var connection = AdminConnection();
            connection.SendRequest(new DeleteRequest(account.Dn));
        }
        catch (DirectoryException)
        {
            // Best effort: accounts have unique names, a leftover harms no other test.
        }
    }

    // Set-up only (assertions never retry): the shared DC's LDAPS backlog is 10, so a burst of connections from every
    // test project at once can be refused; a fresh connection after a pause gets through.
    private static LdapConnection AdminConnection()
    {
        for (var attempt = 1; ; attempt++)
        {
            var connection = Open();
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

    private static LdapConnection Open()
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(Host, Port)) { AuthType = AuthType.Basic };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.SecureSocketLayer = true;
        if (!OperatingSystem.IsLinux())
        {
            connection.Dispose();
            Assert.Skip("The Samba test DC and libldap's CA folder exist on Linux only.");
        }
        else
        {
            connection.SessionOptions.TrustedCertificatesDirectory = CaFolder.Value;
            connection.SessionOptions.StartNewTlsSessionContext();
        }

        return connection;
    }

    // libldap on Linux validates against a folder of hashed CA files, not a PEM given in code.
    private static readonly Lazy<string> CaFolder = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "pwsync-chk-ca-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "ca.pem"), CaPem);
        using var rehash = System.Diagnostics.Process.Start("openssl", ["rehash", folder]);
        rehash.WaitForExit();
        return folder;
    });
}

internal sealed record CheckAccount(string Name, string Dn, string Password);
