using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PasswordSync.LocalRun.Tests.Harness;

/// <summary>
/// ./run.sh running as a child process, as a user starts it from a terminal: in a process group of its own, with
/// SIGINT at its default disposition, its output kept in memory. <see cref="PressCtrlCAsync"/> sends SIGINT to the
/// whole group, exactly what a terminal does on Ctrl-C.
/// </summary>
public sealed class RunScriptProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunScriptProcess(Process process) => this.process = process;

    public int Id => process.Id;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static RunScriptProcess Start(LocalRunSettings settings, params string[] arguments) =>
        Start(settings.Environment, arguments);

    public static RunScriptProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        // setsid: its own process group, like a terminal's foreground job. env --default-signal=INT: a shell started
        // in the background (CI, `dotnet test &`) hands its children SIGINT ignored, and bash cannot trap a signal it
        // inherited ignored; a terminal never does that to run.sh, so neither does the test.
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in new[] { "env", "--default-signal=INT", "bash", Repository.RunScript, "--no-build" }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new RunScriptProcess(process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.Exited += (_, _) => started.ready.TrySetException(
            new InvalidOperationException($"run.sh exited with {process.ExitCode} before it was ready:\n{started.Output}"));
        process.Start();
        // Nothing may wait for a keyboard answer: stdin is closed at once.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits (bounded) for run.sh's "ready" line, failing with its output when it exits or takes too long.</summary>
    public async Task WaitForReadyAsync(TimeSpan timeout)
    {
        try
        {
            await ready.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"run.sh did not print 'ready' within {timeout}:\n{Output}");
        }
    }

    /// <summary>SIGINT to run.sh's whole process group, as Ctrl-C in a terminal.</summary>
    public Task PressCtrlCAsync() => SignalAsync("-INT", "--", "-" + Text(GroupLeader()));

    /// <summary>SIGTERM to run.sh alone, as a service manager or `kill` does.</summary>
    public Task TerminateAsync() => SignalAsync("-TERM", Text(process.Id));

    /// <summary>Waits (bounded) for run.sh to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"run.sh did not exit within {timeout}:\n{Output}");
        }

        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // A failed test must not leave the services running: ask run.sh to stop everything, then insist.
            await SignalAsync("-TERM", Text(process.Id));
            if (!process.WaitForExit(30_000))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }

        process.Dispose();
    }

    /// <summary>setsid exec'd into run.sh (it was not a group leader), so run.sh leads its own group.</summary>
    private int GroupLeader()
    {
        var group = ProcessTable.GroupOf(process.Id);
        Assert.True(group == process.Id, $"run.sh (pid {process.Id}) does not lead its own process group ({group}).");
        return process.Id;
    }

    private static async Task SignalAsync(params string[] arguments)
    {
        using var kill = Process.Start("/bin/kill", arguments)
                         ?? throw new InvalidOperationException("Could not run /bin/kill.");
        await kill.WaitForExitAsync();
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (line.StartsWith("ready", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }
}
