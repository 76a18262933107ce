using System.Diagnostics;
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
        MinimumAgePolicyDn = TestServers.Require("SLAPD_MIN_AGE_POLICY_DN");
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

    /// <summary>A pwdPolicy with a one-hour minimum age, for accounts a test assigns it to.</summary>
    public string MinimumAgePolicyDn { get; }

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
    public async Task<LdapTestUser> CreateUserAsync(string password, string prefix = "pwt")
    {
        var uid = $"{prefix}{Guid.NewGuid():N}"[..14];
        var dn = $"uid={uid},{BaseDn}";
        // Added with OpenLDAP's own ldapadd (as an administrator would), which sets pwdChangedTime like any new account.
        await LdapToolAsync("ldapadd", $"dn: {dn}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid}\nsn: {uid}\n"
            + $"userPassword: {password}\n");
        return new LdapTestUser(this, uid, dn);
    }

    public Task DeleteAsync(string dn) => LdapToolAsync("ldapdelete", dn + "\n");

    /// <summary>Marks the account as reset by an administrator (ppolicy then restricts it to changing its password).</summary>
    public Task SetMustChangeAsync(string dn) =>
        LdapToolAsync("ldapmodify", $"dn: {dn}\nchangetype: modify\nreplace: pwdReset\npwdReset: TRUE\n");

    public Task AssignPolicyAsync(string dn, string policyDn) =>
        LdapToolAsync("ldapmodify", $"dn: {dn}\nchangetype: modify\nreplace: pwdPolicySubentry\npwdPolicySubentry: {policyDn}\n");

    /// <summary>An attribute's values as the admin DN reads them (operational attributes included when named).</summary>
    public async Task<IReadOnlyList<string>> ReadAsync(string dn, string attribute)
    {
        var output = await LdapToolAsync("ldapsearch", null, ["-LLL", "-o", "ldif-wrap=no", "-s", "base", "-b", dn,
            "(objectClass=*)", attribute]);
        var prefix = attribute + ": ";
        return output.Split('\n').Where(line => line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(line => line[prefix.Length..]).ToList();
    }

    /// <summary>An independent bind check with OpenLDAP's ldapwhoami over StartTLS (not through the connector).</summary>
    public async Task<bool> BindsAsync(string dn, string password)
    {
        var passwordFile = await PasswordFileAsync(password);
        try
        {
            var (exitCode, _, error) = await RunAsync("ldapwhoami", ["-x", "-ZZ", "-H", $"ldap://{Host}:{LdapPort}/",
                "-D", dn, "-y", passwordFile], null, caFile: true);
            Assert.True(exitCode is 0 or 49, $"ldapwhoami failed: {error}");
            return exitCode == 0;
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    // The test-side admin channel uses OpenLDAP's own command-line tools: separate processes, sharing no library state
    // (and no code) with the connector under test. Passwords go through 0600 files (-y), never command lines.
    private async Task<string> LdapToolAsync(string tool, string? ldif, string[]? extraArguments = null)
    {
        var passwordFile = await PasswordFileAsync(AdminPassword);
        try
        {
            var (exitCode, output, error) = await RunAsync(tool,
                ["-x", "-H", $"ldap://{Address}:{LdapPort}/", "-D", AdminDn, "-y", passwordFile, .. extraArguments ?? []],
                ldif, caFile: false);
            Assert.True(exitCode == 0, $"{tool} failed ({exitCode}): {error}");
            return output;
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task<string> PasswordFileAsync(string password)
    {
        // GetTempFileName creates the file readable by its owner only (0600) on Unix.
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, password);
        return path;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string tool, string[] arguments,
        string? stdin, bool caFile)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (caFile)
        {
            start.Environment["LDAPTLS_CACERT"] = TestServers.Require("SLAPD_CA_FILE");
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await output, await error);
    }
}

internal sealed class LdapTestUser(SlapdDirectory directory, string uid, string dn) : IAsyncDisposable
{
    public string Uid { get; } = uid;

    public string Dn { get; } = dn;

    public async ValueTask DisposeAsync() => await directory.DeleteAsync(Dn);
}
