using System.DirectoryServices.Protocols;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using PasswordSync.Common.V1;
using PasswordSync.Directory.V1;
using PasswordSync.Testing;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// The test run's real Samba AD DC (started by tests/servers/start-samba.sh): its settings, targets pointing at it,
/// and fresh random test users, so every test is independent of the others and of run order. Users are made
/// directly over LDAPS as Administrator, not through the code under test.
/// </summary>
internal static class SambaDomain
{
    public static string Host => TestServers.Require("SAMBA_HOST");
    public static string Address => TestServers.Require("SAMBA_ADDRESS");
    public static int Port => int.Parse(TestServers.Require("SAMBA_PORT"));
    public static string BaseDn => TestServers.Require("SAMBA_BASE_DN");
    public static string UsersDn => TestServers.Require("SAMBA_USERS_DN");
    public static string AdminUser => TestServers.Require("SAMBA_ADMIN_USER");
    public static string AdminPassword => TestServers.Require("SAMBA_ADMIN_PASSWORD");
    public static string CaPem => File.ReadAllText(TestServers.Require("SAMBA_CA_PEM"));
    public static string LockoutGroupDn => TestServers.Require("SAMBA_LOCKOUT_GROUP_DN");
    public static string LockoutPsoDn => TestServers.Require("SAMBA_LOCKOUT_PSO_DN");
    public static int LockoutThreshold => int.Parse(TestServers.Require("SAMBA_LOCKOUT_THRESHOLD"));
    public static string DelegateUser => TestServers.Require("SAMBA_DELEGATE_USER");
    public static string DelegatePassword => TestServers.Require("SAMBA_DELEGATE_PASSWORD");

    /// <summary>A target for the DC, reached by its certificate's name and validated against its CA.</summary>
    public static Target Target(string? host = null, int? port = null) => new()
    {
        Id = "samba-test",
        Kind = TargetKind.ActiveDirectory,
        Endpoints = { new Endpoint { Host = host ?? Host, Port = (uint)(port ?? Port) } },
        CaCertificatePem = CaPem,
        BaseDn = BaseDn,
        PrivilegedAccount = AdminUser,
        PrivilegedPassword = AdminPassword,
        // Generous: the machine is shared and Samba hashes every new password many ways.
        OperationTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(15)),
    };

    /// <summary>A password that satisfies the domain's complexity rules and was never used anywhere.</summary>
    public static string NewPassword() => "Pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) + "-a7!";

    /// <summary>A fresh enabled user (sAMAccountName at most 20 characters) with the given password.</summary>
    public static TestUser CreateUser(string? password = null, bool enabled = true, bool mustChange = false,
        bool inLockoutGroup = false, string prefix = "t")
    {
        var name = prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(7));
        password ??= NewPassword();
        var dn = $"CN={name},{UsersDn}";
        using var connection = AdminConnection();
        connection.SendRequest(new AddRequest(dn,
            new DirectoryAttribute("objectClass", "user"),
            new DirectoryAttribute("sAMAccountName", name),
            new DirectoryAttribute("userPrincipalName", $"{name}@{TestServers.Require("SAMBA_REALM").ToLowerInvariant()}"),
            new DirectoryAttribute("unicodePwd", Encoding.Unicode.GetBytes($"\"{password}\"")),
            new DirectoryAttribute("userAccountControl", enabled ? "512" : "514")));
        if (mustChange)
        {
            connection.SendRequest(new ModifyRequest(dn, DirectoryAttributeOperation.Replace, "pwdLastSet", "0"));
        }

        if (inLockoutGroup)
        {
            connection.SendRequest(new ModifyRequest(LockoutGroupDn, DirectoryAttributeOperation.Add, "member", dn));
        }

        return new TestUser(name, dn, password);
    }

    /// <summary>Adds a member to a group as Administrator (e.g. a test's own privileged account).</summary>
    public static void AddToGroup(string groupDn, string memberDn)
    {
        using var connection = AdminConnection();
        connection.SendRequest(new ModifyRequest(groupDn, DirectoryAttributeOperation.Add, "member", memberDn));
    }

    /// <summary>Renames an entry (a new CN under the users container) as Administrator; returns its new DN.</summary>
    public static string Rename(string dn, string newCn)
    {
        using var connection = AdminConnection();
        connection.SendRequest(new ModifyDNRequest(dn, UsersDn, $"CN={newCn}"));
        return $"CN={newCn},{UsersDn}";
    }

    /// <summary>Deletes an entry as Administrator (a test's own account, when it must not outlive the test).</summary>
    public static void Delete(string dn)
    {
        using var connection = AdminConnection();
        connection.SendRequest(new DeleteRequest(dn));
    }

    /// <summary>Reads one attribute of an entry as Administrator (independent of the code under test).</summary>
    public static string? Read(string dn, string attribute)
    {
        using var connection = AdminConnection();
        var response = (SearchResponse)connection.SendRequest(
            new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, attribute));
        var entry = response.Entries[0];
        return entry.Attributes.Contains(attribute) ? (string)entry.Attributes[attribute][0] : null;
    }

    /// <summary>One simple bind, as a client of the directory would do it; true when accepted.</summary>
    public static bool CanBind(string dn, string password)
    {
        try
        {
            using var connection = Open();
            connection.Bind(new NetworkCredential(dn, password));
            return true;
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            return false;
        }
    }

    /// <summary>Sends <paramref name="request"/> as Administrator on a connection of the test's own.</summary>
    public static SearchResponse SearchAsAdmin(SearchRequest request)
    {
        using var connection = AdminConnection();
        return (SearchResponse)connection.SendRequest(request);
    }

    private static LdapConnection AdminConnection() => BoundConnection(AdminUser, AdminPassword);

    /// <summary>A connection of the test's own, bound as <paramref name="user"/> (e.g. to run the code under test on).</summary>
    public static LdapConnection BoundConnection(string user, string password)
    {
        var connection = Open();
        connection.Bind(new NetworkCredential(user, password));
        return connection;
    }

    private static LdapConnection Open()
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(Host, Port)) { AuthType = AuthType.Basic };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.SecureSocketLayer = true;
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("The Samba test DC and libldap's CA folder exist on Linux only.");
        }
        else
        {
            connection.SessionOptions.TrustedCertificatesDirectory = CaFolder.Value;
            connection.SessionOptions.StartNewTlsSessionContext();
        }
        return connection;
    }

    private static readonly Lazy<string> CaFolder = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "pwsync-tests-ca-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "ca.pem"), CaPem);
        using var rehash = System.Diagnostics.Process.Start("openssl", ["rehash", folder]);
        rehash.WaitForExit();
        return folder;
    });
}

internal sealed record TestUser(string Name, string Dn, string Password);
