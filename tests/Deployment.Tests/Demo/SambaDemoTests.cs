using PasswordSync.Deployment.Tests.Compose;
using PasswordSync.Deployment.Tests.Infrastructure;
using PasswordSync.Deployment.Tests.InitSteps;

namespace PasswordSync.Deployment.Tests.Demo;

/// <summary>
/// The demo DC's first-start provisioning, run for real with this machine's samba-tool (the same Debian 12 packages
/// the demo image installs), provisioning only: starting a second DC here would clash with the test run's DC.
/// </summary>
public sealed class SambaDemoTests
{
    private const string AdminPassword = "Deploy-Test-Admin-7x!";
    private const string UserPassword = "Deploy-Test-User-8y!";

    [Fact]
    public async Task First_start_provisions_the_realm_and_the_demo_accounts_without_passwords_on_a_command_line()
    {
        if (!File.Exists("/usr/bin/samba-tool"))
        {
            Assert.Skip("samba-tool is not installed (tests/servers/install-packages.sh installs it).");
        }

        var samba = ComposeFile.Repository.Service("samba-dc");
        var directory = System.IO.Directory.CreateTempSubdirectory("pwsync-samba-demo-").FullName;
        try
        {
            var environment = new Dictionary<string, string>(samba.Environment
                .Where(entry => !entry.Value.Contains('$', StringComparison.Ordinal)))
            {
                ["SAMBA_ADMIN_PASSWORD"] = AdminPassword,
                ["DEMO_USER_PASSWORD"] = UserPassword,
                ["SAMBA_DEMO_DIR"] = Path.Combine(directory, "samba"),
                ["SAMBA_DEMO_LIB"] = Repository.PathOf("deploy/samba-demo"),
                ["SAMBA_DEMO_PROVISION_ONLY"] = "1",
            };
            var (exitCode, output) = await ProcessRun.RunAsync(directory, environment, "sh",
                Repository.PathOf("deploy/samba-demo/entrypoint.sh"));
            Assert.True(exitCode == 0, output);

            var (searchExit, accounts) = await ProcessRun.RunAsync(directory, new Dictionary<string, string>(),
                "ldbsearch", "-H", Path.Combine(directory, "samba", "private", "sam.ldb"),
                "(sAMAccountName=demo-*)", "sAMAccountName");
            Assert.Equal(0, searchExit);
            foreach (var name in new[] { "demo-svc-web", "demo-svc-backup", "demo-svc-reports", "demo-sql-agent" })
            {
                Assert.Contains($"sAMAccountName: {name}", accounts, StringComparison.Ordinal);
            }

            var smbConf = await File.ReadAllTextAsync(Path.Combine(directory, "samba", "etc", "smb.conf"),
                TestContext.Current.CancellationToken);
            Assert.Contains($"realm = {samba.Environment["SAMBA_REALM"]}", smbConf, StringComparison.Ordinal);
            // The name the DC's certificate will carry is the network alias directory-sync reaches it by.
            Assert.Contains($"{samba.Environment["SAMBA_HOST_NAME"]}.{samba.Environment["SAMBA_REALM"].ToLowerInvariant()}",
                samba.NetworkAliases);
            // Passwords went through the environment: the log of provisioning never shows them.
            var log = await File.ReadAllTextAsync(Path.Combine(directory, "samba", "provision.log"),
                TestContext.Current.CancellationToken);
            Assert.DoesNotContain(AdminPassword, log + output, StringComparison.Ordinal);
            Assert.DoesNotContain(UserPassword, log + output, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_first_start_without_passwords_stops_with_what_to_set_and_provisions_nothing()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("pwsync-samba-demo-").FullName;
        try
        {
            var (exitCode, output) = await ProcessRun.RunAsync(directory, new Dictionary<string, string>
            {
                ["SAMBA_DEMO_DIR"] = Path.Combine(directory, "samba"),
                ["SAMBA_DEMO_PROVISION_ONLY"] = "1",
            }, "sh", Repository.PathOf("deploy/samba-demo/entrypoint.sh"));
            Assert.Equal(2, exitCode);
            Assert.Contains("set SAMBA_ADMIN_PASSWORD and DEMO_USER_PASSWORD", output, StringComparison.Ordinal);
            Assert.False(System.IO.Directory.Exists(Path.Combine(directory, "samba")));
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }
}
