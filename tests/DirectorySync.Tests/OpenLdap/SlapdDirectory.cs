using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Net;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.Testing;

namespace PasswordSync.DirectorySync.Tests.OpenLdap;

/// <summary>
/// The slapd started for this test run (tests/servers/start-slapd.sh). Intent methods create and inspect accounts
/// through the directory's own admin DN over a separate connection, so the tests never rely on the connector under
/// test to prepare or check their data.
/// </summary>
internal sealed class SlapdDirectory
{
    private SlapdDirectory()
    {
        Host = TestServers.Require("SLAPD_HOST");
        Address = TestServers.Require("SLAPD_ADDRESS");
        LdapPort = int.Parse(TestServers.Require("SLAPD_LDAP_PORT"));
        LdapsPort = int.Parse(TestServers.Require("SLAPD_LDAPS_PORT"));
        CaPem = File.ReadAllText(TestServers.Require("SLAPD_CA_FILE"));
        UntrustedCaPem = File.ReadAllText(TestServers.Require("SLAPD_UNTRUSTED_CA_FILE"));
        BaseDn = TestServers.Require("SLAPD_BASE_DN");
        AdminDn = TestServers.Require("SLAPD_ADMIN_DN");
        AdminPassword = TestServers.Require("SLAPD_ADMIN_PASSWORD");
        ResetDn = TestServers.Require("SLAPD_RESET_DN");
        ResetPassword = TestServers.Require("SLAPD_RESET_PASSWORD");
        NoResetDn = TestServers.Require("SLAPD_NORESET_DN");
        NoResetPassword = TestServers.Require("SLAPD_NORESET_PASSWORD");
        MaxFailure = int.Parse(TestServers.Require("SLAPD_POLICY_MAX_FAILURE"));
    }

    public string Host { get; }
    public string Address { get; }
    public int LdapPort { get; }
    public int LdapsPort { get; }
    public string CaPem { get; }
    public string UntrustedCaPem { get; }
    public string BaseDn { get; }
    public string AdminDn { get; }
    public string AdminPassword { get; }
    public string ResetDn { get; }
    public string ResetPassword { get; }
    public string NoResetDn { get; }
    public string NoResetPassword { get; }
    public int MaxFailure { get; }

    /// <summary>The running slapd, or the calling test is skipped with the reason it cannot run.</summary>
    public static SlapdDirectory Require() => new();

    /// <summary>LDAPS to the server's certificate name, trusting its CA, as the reset agent.</summary>
    public DirectoryTarget Target() => new(
        Id: "slapd-test",
        Kind: DirectoryKind.Ldap,
        Endpoints: [new DirectoryEndpoint(Host, LdapsPort)],
        BaseDn: BaseDn,
        PrivilegedAccount: ResetDn,
        PrivilegedPassword: new Secret(ResetPassword),
        CaCertificatePem: CaPem,
        AcceptAnyCertificate: false,
        AllowPlaintext: false,
        UseStartTls: false,
        SshHostKeyFingerprint: null,
        OperationTimeout: TimeSpan.FromSeconds(10));

    public static string NewPassword() => $"Pw-{Guid.NewGuid():N}"[..20];

    /// <summary>A new inetOrgPerson with a random uid and the given password, deleted when disposed.</summary>
    public async Task<LdapTestUser> CreateUserAsync(string password)
    {
        var uid = $"pwt{Guid.NewGuid():N}"[..14];
        var dn = $"uid={uid},{BaseDn}";
        // Added with OpenLDAP's own ldapadd (as an administrator would), which sets pwdChangedTime like any new account.
        await LdapToolAsync("ldapadd", $"dn: {dn}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid}\nsn: {uid}\n"
            + $"userPassword: {password}\n");
        return new LdapTestUser(this, uid, dn);
    }

    public Task DeleteAsync(string dn) => SendAsAdminAsync(new DeleteRequest(dn));

    /// <summary>Marks the account as reset by an administrator (ppolicy then restricts it to changing its password).</summary>
    public Task SetMustChangeAsync(string dn) =>
        SendAsAdminAsync(new ModifyRequest(dn, DirectoryAttributeOperation.Replace, "pwdReset", "TRUE"));

    public async Task<IReadOnlyList<string>> ReadAsync(string dn, string attribute)
    {
        var response = (SearchResponse)await SendAsAdminAsync(
            new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, attribute));
        var values = response.Entries[0].Attributes[attribute];
        return values is null ? [] : values.GetValues(typeof(string)).Cast<string>().ToList();
    }

    /// <summary>An independent bind check (not through the connector), over StartTLS.</summary>
    public async Task<bool> BindsAsync(string dn, string password)
    {
        using var connection = Open();
        try
        {
            await Task.Run(() => connection.Bind(new NetworkCredential(dn, password)));
            return true;
        }
        catch (LdapException exception) when (exception.ErrorCode == 49)
        {
            return false;
        }
    }

    private async Task LdapToolAsync(string tool, string ldif)
    {
        var passwordFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(passwordFile, AdminPassword);
            using var process = Process.Start(new ProcessStartInfo(tool,
                ["-x", "-H", $"ldap://{Address}:{LdapPort}/", "-D", AdminDn, "-y", passwordFile])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            await process.StandardInput.WriteAsync(ldif);
            process.StandardInput.Close();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private async Task<DirectoryResponse> SendAsAdminAsync(DirectoryRequest request)
    {
        using var connection = Open();
        return await Task.Run(() =>
        {
            connection.Bind(new NetworkCredential(AdminDn, AdminPassword));
            return connection.SendRequest(request);
        });
    }

    // Test-side admin channel: plain LDAP on loopback, so it shares no TLS code with the connector under test.
    private LdapConnection Open()
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(Address, LdapPort))
        {
            AuthType = AuthType.Basic,
            Timeout = TimeSpan.FromSeconds(10),
        };
        connection.SessionOptions.ProtocolVersion = 3;
        return connection;
    }
}

internal sealed class LdapTestUser(SlapdDirectory directory, string uid, string dn) : IAsyncDisposable
{
    public string Uid { get; } = uid;

    public string Dn { get; } = dn;

    public async ValueTask DisposeAsync() => await directory.DeleteAsync(Dn);
}
