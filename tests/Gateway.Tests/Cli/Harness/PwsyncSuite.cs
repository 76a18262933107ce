using PasswordSync.Gateway.Tests.EndToEnd.Harness;

namespace PasswordSync.Gateway.Tests.Cli.Harness;

/// <summary>
/// The whole suite as real processes (vault, directory-sync, gateway over HTTPS: <see cref="SuiteProcesses"/>), plus
/// what a pwsync user has: the admin key in an owner-only file and an empty home folder. One per test collection.
/// </summary>
public sealed class PwsyncSuite : SuiteProcesses
{
    private string? home;

    public PwsyncSuite() => Pwsync = new PwsyncRunner(this);

    public PwsyncRunner Pwsync { get; }

    /// <summary>HOME (and working folder) of every pwsync run: empty, so no user config is read by accident.</summary>
    public string HomeDirectory => home ?? throw new InvalidOperationException("Not started.");

    public string AdminKeyFile => Path.Combine(HomeDirectory, "admin.key");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        home = System.IO.Directory.CreateTempSubdirectory("pwsync-cli-home-").FullName;
        await File.WriteAllTextAsync(AdminKeyFile, AdminKey + "\n");
        if (!OperatingSystem.IsWindows())
        {
            // pwsync refuses a key file others can read.
            File.SetUnixFileMode(AdminKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (home is not null)
        {
            System.IO.Directory.Delete(home, recursive: true);
        }
    }
}
