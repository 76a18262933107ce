using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using PasswordSync.Testing;

namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>
/// A Samba AD DC of its own for a test that freezes its DC (SIGSTOP), so the shared DC other test projects use in
/// parallel is never stopped. Own loopback address, realm and host name (so its own certificate), started in its own
/// process group: <see cref="Freeze"/> and <see cref="Thaw"/> signal the whole group, which reaches every samba process
/// (samba forks helpers even in its single process model). Provisioning and start take about 10-30 s.
/// </summary>
public sealed class DedicatedDomainController : IAsyncDisposable
{
    private const string Address = "127.0.0.43";
    private const string HostName = "e2edc";
    private const string Realm = "E2E.TEST";

    private readonly string folder;
    private readonly int processGroup;

    private DedicatedDomainController(string folder, int processGroup, DomainController controller)
    {
        this.folder = folder;
        this.processGroup = processGroup;
        Controller = controller;
    }

    public DomainController Controller { get; }

    public static async Task<DedicatedDomainController> StartAsync()
    {
        // The shared DC's settings tell that this run has real directory servers (./test.sh); without them, skip.
        TestServers.Require("SAMBA_HOST");
        if (!File.Exists("/usr/bin/samba-tool") || !OperatingSystem.IsLinux())
        {
            Assert.Skip("samba-tool is not installed: run tests/servers/install-packages.sh (needs a Linux machine).");
        }

        var folder = System.IO.Directory.CreateTempSubdirectory("pwsync-e2e-dc-").FullName;
        var adminPassword = "Adm-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)) + "-9x!";
        var script = Path.Combine(AppContext.BaseDirectory, "EndToEnd", "Harness", "start-dedicated-samba.sh");
        var info = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(folder);
        info.ArgumentList.Add(Address);
        info.ArgumentList.Add(HostName);
        info.ArgumentList.Add(Realm);
        info.Environment["ADMIN_PASSWORD"] = adminPassword;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The dedicated Samba DC did not start within 3 minutes: {await stderr}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"start-dedicated-samba.sh failed ({process.ExitCode}): {await stderr}\n{ProvisionLog(folder)}");
        }

        var pid = int.Parse((await stdout).Trim(), CultureInfo.InvariantCulture);
        var realmDn = "DC=" + string.Join(",DC=", Realm.ToLowerInvariant().Split('.'));
        var controller = new DomainController($"{HostName}.{Realm.ToLowerInvariant()}", 636, Realm, realmDn,
            $"CN=Users,{realmDn}", $"Administrator@{Realm.ToLowerInvariant()}", adminPassword,
            await File.ReadAllTextAsync(Path.Combine(folder, "private", "tls", "ca.pem")), LockoutGroupDn: null);
        return new DedicatedDomainController(folder, pid, controller);
    }

    /// <summary>SIGSTOP to every process of the DC; fails unless all of them are then stopped.</summary>
    public void Freeze()
    {
        Signal("STOP");
        var running = GroupMembers().Where(pid => State(pid) is not ('T' or 't' or 'Z')).ToArray();
        Assert.True(running.Length == 0,
            $"SIGSTOP did not stop every samba process: still running {string.Join(", ", running)}.");
        Assert.NotEmpty(GroupMembers());
    }

    public void Thaw() => Signal("CONT");

    public async ValueTask DisposeAsync()
    {
        Signal("CONT");
        Signal("KILL");
        await Task.Delay(500);
        try
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A process still closing its database: the temp folder is cleaned by the OS eventually.
        }
    }

    private void Signal(string signal)
    {
        // The whole process group (negative pid): the DC and every helper it forked.
        using var kill = Process.Start("/bin/kill", ["-" + signal, "--", "-" + processGroup.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit(10_000);
    }

    private int[] GroupMembers() => System.IO.Directory.EnumerateDirectories("/proc")
        .Select(Path.GetFileName)
        .Where(name => int.TryParse(name, out _))
        .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
        .Where(pid => ProcessGroupOf(pid) == processGroup)
        .ToArray();

    private static int? ProcessGroupOf(int pid) => StatFields(pid) is { } fields
        ? int.Parse(fields[2], CultureInfo.InvariantCulture)
        : null;

    private static char? State(int pid) => StatFields(pid) is { } fields ? fields[0][0] : null;

    /// <summary>/proc/PID/stat after the command name: state, ppid, pgrp, ...</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // the process ended meanwhile
        }
    }

    private static string ProvisionLog(string folder)
    {
        var log = Path.Combine(folder, "provision.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }
}
