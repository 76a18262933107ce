using System.Diagnostics;
using PasswordSync.Deployment.Tests.Infrastructure;

namespace PasswordSync.Deployment.Tests.Compose;

/// <summary>
/// Compose's own validation, where a compose CLI exists. On the build machines there is none (the docker CLI has no
/// compose plugin and no engine), so the YAML tests of this project are the validation; this says so when it skips.
/// </summary>
public sealed class DockerComposeConfigTests
{
    [Fact]
    public async Task Docker_compose_config_accepts_the_file_with_every_profile()
    {
        using var probe = Start("compose", "version");
        if (probe is null || !await ExitsZero(probe))
        {
            Assert.Skip("No `docker compose` CLI on this machine (no compose plugin, no engine): docker-compose.yml is "
                + "validated only by the other tests of tests/Deployment.Tests (the Compose Specification schema, and "
                + "checks against the services' code).");
        }

        using var config = Start("compose", "--profile", "demo", "--profile", "observability", "config", "--quiet");
        Assert.NotNull(config);
        var errors = await config!.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(await ExitsZero(config), errors);
    }

    private static Process? Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("docker")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardError = true,
            RedirectStandardOutput = true
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static async Task<bool> ExitsZero(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0;
    }
}
