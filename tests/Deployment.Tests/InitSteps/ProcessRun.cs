using System.Diagnostics;

namespace PasswordSync.Deployment.Tests.InitSteps;

/// <summary>Runs a command to completion under a time limit, with a controlled environment.</summary>
internal static class ProcessRun
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory,
        IReadOnlyDictionary<string, string> environment, string file, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(workingDirectory, environment, file, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await error);
    }

    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment,
        string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Only what a container would have: no configuration leaking in from the test run's own environment.
        foreach (var variable in info.Environment.Keys.ToList()
                     .Where(key => key.Contains("__", StringComparison.Ordinal) || key.StartsWith("OTEL_", StringComparison.Ordinal)
                         || key.StartsWith("PASSWORDSYNC_", StringComparison.Ordinal) || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal)))
        {
            info.Environment.Remove(variable);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
