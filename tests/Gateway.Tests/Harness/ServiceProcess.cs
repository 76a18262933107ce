using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace PasswordSync.Gateway.Tests.Harness;

/// <summary>
/// One PasswordSync service running as a real process (`dotnet &lt;dll&gt;`), its stdout and stderr kept in memory
/// (and searchable for leaked secrets), started with the given environment. Kill() is SIGKILL, for crash tests.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServiceProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    public bool HasExited => process.HasExited;

    public int Id => process.Id;

    /// <summary>Everything the process wrote so far (logs go to the console).</summary>
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

    public static ServiceProcess Start(string name, string dll, IReadOnlyDictionary<string, string> environment,
        params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Plain console logs (no colour codes), so tests can search them.
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new ServiceProcess(name, process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits until the port accepts TCP connections (bounded), failing with the process output.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{Name} exited with code {process.ExitCode} before listening on {port}:\n{Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{Name} did not listen on {port} within {timeout}:\n{Output}");
    }

    /// <summary>SIGKILL: the process gets no chance to clean up (crash tests).</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.CompletedTask;
        process.Dispose();
    }

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
    }
}
