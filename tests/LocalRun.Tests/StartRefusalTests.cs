using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PasswordSync.LocalRun.Tests.Harness;

namespace PasswordSync.LocalRun.Tests;

/// <summary>
/// run.sh refuses what it cannot do with a message that says why and what to do, before it starts or writes anything:
/// the state folder does not even exist afterwards.
/// </summary>
public sealed class StartRefusalTests : IDisposable
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(30);
    private static readonly string[] AsNobody = ["-u", "nobody", "--", "env"];

    private readonly LocalRunSettings settings = new();

    [Fact]
    public async Task A_busy_gateway_port_is_named_with_the_setting_that_changes_it()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, settings.GatewayPort);
        squatter.Start();

        await using var run = RunScriptProcess.Start(settings);

        Assert.Equal(2, await run.WaitForExitAsync(Quick));
        Assert.Contains($"port {settings.GatewayPort} (PASSWORDSYNC_PORT) is already in use", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(settings.StateDirectory), "A refused start created the state folder.");
    }

    [Fact]
    public async Task A_busy_internal_port_is_refused_too()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, settings.VaultHealthPort);
        squatter.Start();

        await using var run = RunScriptProcess.Start(settings);

        Assert.Equal(2, await run.WaitForExitAsync(Quick));
        Assert.Contains($"port {settings.VaultHealthPort} (PASSWORDSYNC_VAULT_HEALTH_PORT) is already in use", run.Output,
            StringComparison.Ordinal);
        Assert.False(Directory.Exists(settings.StateDirectory), "A refused start created the state folder.");
    }

    [Fact]
    public async Task Demo_without_root_says_it_needs_root_and_changes_nothing()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/sbin/runuser"))
        {
            Assert.Skip("Needs root to run run.sh as another user (runuser -u nobody).");
        }

        // As user nobody, with the same settings: exactly what a developer without root would see.
        var environment = settings.Environment.Select(pair => $"{pair.Key}={pair.Value}");
        var info = new ProcessStartInfo("/usr/sbin/runuser")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in AsNobody.Concat(environment)
                     .Concat(["bash", Repository.RunScript, "--demo", "--no-build"]))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Quick, TestContext.Current.CancellationToken);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--demo needs root", await errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(settings.StateDirectory), "A refused start created the state folder.");
    }

    [Fact]
    public async Task An_unknown_option_is_refused_with_the_usage()
    {
        await using var run = RunScriptProcess.Start(settings, "--dmeo");

        Assert.Equal(2, await run.WaitForExitAsync(Quick));
        Assert.Contains("unknown option '--dmeo'", run.Output, StringComparison.Ordinal);
        Assert.Contains("Usage: ./run.sh", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(settings.StateDirectory), "A refused start created the state folder.");
    }

    public void Dispose() => settings.Dispose();
}
