using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace PasswordSync.Gateway.Tests.Cli.Harness;

/// <summary>
/// Runs the real pwsync (<c>dotnet pwsync.dll</c>) as a child process, as a script would: gateway address, CA file and
/// API key FILE in the environment, secrets on stdin, never a key among the arguments (checked on every start). The
/// user's own environment and config never leak in: every PWSYNC_* variable is dropped and HOME points at an empty
/// folder. Keeps every run's output for the leak checks.
/// </summary>
public sealed class PwsyncRunner(PwsyncSuite suite)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentQueue<PwsyncRun> runs = new();

    public static string Dll => Path.GetFullPath(typeof(PwsyncRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "PwsyncDll").Value!);

    /// <summary>Every run so far (all tests of the suite).</summary>
    public IEnumerable<PwsyncRun> Runs => runs;

    /// <summary>The environment a configured user has: URL, the gateway's certificate and the admin key file.</summary>
    public Dictionary<string, string?> ConfiguredEnvironment() => new()
    {
        ["PWSYNC_URL"] = suite.Gateway.Address.ToString(),
        ["PWSYNC_CA_FILE"] = suite.Gateway.Certificate.CertificatePath,
        ["PWSYNC_API_KEY_FILE"] = suite.AdminKeyFile,
    };

    public Task<PwsyncRun> RunAsync(params string[] arguments) => RunAsync(arguments, stdin: null, environment: null);

    public async Task<PwsyncRun> RunAsync(IReadOnlyList<string> arguments, string? stdin,
        IReadOnlyDictionary<string, string?>? environment, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = suite.HomeDirectory,
        };
        info.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(key => key.StartsWith("PWSYNC_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["HOME"] = suite.HomeDirectory;
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(suite.HomeDirectory, ".config");
        foreach (var (key, value) in environment ?? ConfiguredEnvironment())
        {
            info.Environment[key] = value;
        }

        // The rule under test everywhere: a key is never on a command line (readable by every user via ps / /proc).
        Assert.DoesNotContain(info.ArgumentList, argument => argument.Contains(suite.AdminKey, StringComparison.Ordinal));

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.WriteLineAsync(stdin);
        }

        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pwsync {string.Join(' ', arguments)} did not finish within {timeout ?? DefaultTimeout}.");
        }

        var run = new PwsyncRun(process.ExitCode, await stdout, await stderr, [.. arguments]);
        runs.Enqueue(run);
        return run;
    }
}
