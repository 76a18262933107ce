using System.Diagnostics;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.Testing;

namespace PasswordSync.DirectorySync.Tests.Ssh;

/// <summary>
/// The sshd started for this test run (tests/servers/start-sshd.sh) and the local machine it logs in to. Intent methods
/// create, inspect and remove per-test Linux accounts as root with the system's own tools, never through the connector
/// under test.
/// </summary>
internal sealed class SshdHost
{
    private SshdHost()
    {
        Host = TestServers.Require("SSHD_HOST");
        Port = int.Parse(TestServers.Require("SSHD_PORT"));
        HostKeyFingerprint = TestServers.Require("SSHD_HOST_KEY_ED25519_SHA256");
        AdminUser = TestServers.Require("SSHD_ADMIN_USER");
        AdminPassword = TestServers.Require("SSHD_ADMIN_PASSWORD");
        NoSudoUser = TestServers.Require("SSHD_NOSUDO_USER");
        NoSudoPassword = TestServers.Require("SSHD_NOSUDO_PASSWORD");
        ArgvLog = TestServers.Require("SSHD_ARGV_LOG");
        SshdLog = TestServers.Require("SSHD_LOG");
    }

    public string Host { get; }
    public int Port { get; }
    public string HostKeyFingerprint { get; }
    public string AdminUser { get; }
    public string AdminPassword { get; }
    public string NoSudoUser { get; }
    public string NoSudoPassword { get; }

    /// <summary>Every command line and sudo argv of the privileged test user (its recording login shell writes it).</summary>
    public string ArgvLog { get; }

    public string SshdLog { get; }

    public static SshdHost Require() => new();

    public DirectoryTarget Target(DirectoryKind kind = DirectoryKind.SshLinux) => new(
        Id: "sshd-test",
        Kind: kind,
        Endpoints: [new DirectoryEndpoint(Host, Port)],
        BaseDn: string.Empty,
        PrivilegedAccount: AdminUser,
        PrivilegedPassword: new Secret(AdminPassword),
        CaCertificatePem: null,
        AcceptAnyCertificate: false,
        AllowPlaintext: false,
        UseStartTls: false,
        SshHostKeyFingerprint: HostKeyFingerprint,
        OperationTimeout: TimeSpan.FromSeconds(15));

    public static string NewPassword() => $"Pw-{Guid.NewGuid():N}"[..20];

    /// <summary>A new local account (pwt + random hex, allowed by the test sshd) with this password, removed on dispose.</summary>
    public static async Task<LinuxTestUser> CreateUserAsync(string password)
    {
        var name = $"pwt{Guid.NewGuid():N}"[..11];
        await RunAsync("useradd", ["-m", "-s", "/bin/bash", name]);
        await RunAsync("chpasswd", [], $"{name}:{password}\n");
        return new LinuxTestUser(name);
    }

    /// <summary>The account's /etc/shadow fields, read as root.</summary>
    public static async Task<string[]> ShadowAsync(string user) =>
        (await RunAsync("getent", ["shadow", user])).Trim().Split(':');

    public static Task LockAsync(string user) => RunAsync("passwd", ["-l", user]);

    public static Task ExpirePasswordAsync(string user) => RunAsync("chage", ["-d", "0", user]);

    /// <summary>An independent login check with OpenSSH's client (sshpass reads the password from its environment).</summary>
    public async Task<bool> LogsInAsync(string user, string password)
    {
        var start = new ProcessStartInfo("sshpass", ["-e", "ssh", "-p", Port.ToString(), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1",
            $"{user}@{Host}", "true"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["SSHPASS"] = password;
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return process.ExitCode == 0;
    }

    public async Task<string> ReadArgvLogAsync() => await File.ReadAllTextAsync(ArgvLog);

    public async Task<string> ReadSshdLogAsync() => await File.ReadAllTextAsync(SshdLog);

    internal static async Task<string> RunAsync(string tool, string[] arguments, string? stdin = null)
    {
        // useradd/userdel take /etc/passwd's lock; tests running in parallel may meet it held: retry briefly.
        for (var attempt = 1; ; attempt++)
        {
            using var process = Process.Start(new ProcessStartInfo(tool, arguments)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin);
            }

            process.StandardInput.Close();
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode == 0)
            {
                return output;
            }

            if (attempt >= 10 || !error.Contains("lock", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
            }

            await Task.Delay(200 * attempt);
        }
    }
}

internal sealed class LinuxTestUser(string name) : IAsyncDisposable
{
    public string Name { get; } = name;

    public async ValueTask DisposeAsync() => await SshdHost.RunAsync("userdel", ["-r", "-f", Name]);
}
