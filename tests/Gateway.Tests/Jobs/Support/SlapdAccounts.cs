using System.DirectoryServices.Protocols;
using System.Net;
using System.Security.Cryptography;
using PasswordSync.Testing;

namespace PasswordSync.Gateway.Tests.Jobs.Support;

/// <summary>
/// Accounts on the shared slapd, created and checked through the directory's own admin DN over plain LDAP on
/// loopback (a separate connection from the product's), so a test never relies on the code under test to prove
/// what the directory holds.
/// </summary>
internal static class SlapdAccounts
{
    public static string Host => TestServers.Require("SLAPD_HOST");

    public static string Address => TestServers.Require("SLAPD_ADDRESS");

    public static int LdapPort => int.Parse(TestServers.Require("SLAPD_LDAP_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static int LdapsPort => int.Parse(TestServers.Require("SLAPD_LDAPS_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static string BaseDn => TestServers.Require("SLAPD_BASE_DN");

    public static string ResetDn => TestServers.Require("SLAPD_RESET_DN");

    public static string ResetPassword => TestServers.Require("SLAPD_RESET_PASSWORD");

    public static string CaPem => File.ReadAllText(TestServers.Require("SLAPD_CA_FILE"));

    public static string NewPassword() => "Sp-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) + "-k5!";

    /// <summary>Fresh inetOrgPerson accounts "perf…" with the given passwords, over one admin connection.</summary>
    public static List<string> Create(IReadOnlyList<string> passwords)
    {
        using var connection = Admin();
        var uids = new List<string>(passwords.Count);
        foreach (var password in passwords)
        {
            var uid = "perf" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            connection.SendRequest(new AddRequest($"uid={uid},{BaseDn}",
                new DirectoryAttribute("objectClass", "inetOrgPerson"),
                new DirectoryAttribute("uid", uid),
                new DirectoryAttribute("cn", uid),
                new DirectoryAttribute("sn", uid),
                new DirectoryAttribute("userPassword", password)));
            uids.Add(uid);
        }

        return uids;
    }

    /// <summary>Removes the accounts; clean-up never fails a test.</summary>
    public static void Delete(IEnumerable<string> uids)
    {
        try
        {
            using var connection = Admin();
            foreach (var uid in uids)
            {
                connection.SendRequest(new DeleteRequest($"uid={uid},{BaseDn}"));
            }
        }
        catch (DirectoryException)
        {
            // Leftover test accounts are harmless: their names are random.
        }
    }

    /// <summary>One simple bind as the account over a reused connection; true when slapd accepts the password.</summary>
    public static bool CanBind(LdapConnection connection, string uid, string password)
    {
        try
        {
            return BindOnce(connection, uid, password);
        }
        catch (LdapException e) when (e.ErrorCode == ServerDown)
        {
            // The test process does not turn on libldap's LDAP_OPT_RESTART (directory-sync does, see LibLdapDefaults):
            // a signal during poll() — SIGCHLD from the suite's child processes — reports "server down" here. That
            // is the proof's own connection failing, not an answer about the password: prove it on a fresh one.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var fresh = Open();
                    return BindOnce(fresh, uid, password);
                }
                catch (LdapException again) when (again.ErrorCode == ServerDown && attempt < 3)
                {
                }
            }
        }
    }

    private const int ServerDown = 81;

    private static bool BindOnce(LdapConnection connection, string uid, string password)
    {
        try
        {
            connection.Bind(new NetworkCredential($"uid={uid},{BaseDn}", password));
            return true;
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            return false;
        }
    }

    public static LdapConnection Open()
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(Address, LdapPort)) { AuthType = AuthType.Basic };
        connection.SessionOptions.ProtocolVersion = 3;
        return connection;
    }

    /// <summary>A connection bound as the directory's own admin DN (plain LDAP on loopback), for test set-up and proofs.</summary>
    public static LdapConnection Admin()
    {
        var connection = Open();
        connection.Bind(new NetworkCredential(TestServers.Require("SLAPD_ADMIN_DN"), TestServers.Require("SLAPD_ADMIN_PASSWORD")));
        return connection;
    }
}
