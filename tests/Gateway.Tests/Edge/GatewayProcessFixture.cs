using PasswordSync.Gateway.Tests.Harness;

namespace PasswordSync.Gateway.Tests.Edge;

/// <summary>
/// The gateway as a real process (so Kestrel, TLS and ALPN are the real ones; the in-process TestServer bypasses
/// them) on a free loopback port, in front of real vault and directory-sync processes, with its own state folder.
/// </summary>
public sealed class GatewayProcessFixture : IAsyncLifetime
{
    private BackendProcesses? backends;

    public BackendProcesses Backends => backends ?? throw new InvalidOperationException("Not started.");

    public ServiceProcess Gateway { get; private set; } = null!;

    public int Port { get; private set; }

    public string StateDirectory { get; } = System.IO.Directory.CreateTempSubdirectory("pwsync-edge-").FullName;

    public string AdminKey { get; private set; } = "";

    public Uri Address => new($"https://localhost:{Port}");

    public async ValueTask InitializeAsync()
    {
        backends = await BackendProcesses.StartAsync();
        await using (var keys = new InProcessGateway(backends))
        {
            AdminKey = await keys.CreateAdminKeyAsync();
        }

        Port = FreePort.Next();
        Gateway = await StartGatewayAsync(Port, StateDirectory);
    }

    /// <summary>Starts one more gateway process on these backends (e.g. a restart, or another certificate).</summary>
    public async Task<ServiceProcess> StartGatewayAsync(int port, string stateDirectory,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = Backends.GatewayConfiguration.ToDictionary(
            pair => pair.Key.Replace(":", "__", StringComparison.Ordinal), pair => pair.Value);
        environment["Gateway__Public__ListenAddress"] = "127.0.0.1";
        environment["Gateway__Public__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Gateway__StateDirectory"] = stateDirectory;
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = ServiceProcess.Start("gateway", ServiceBinaries.Gateway, environment);
        try
        {
            await process.WaitForPortAsync(port, TimeSpan.FromSeconds(60));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return process;
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (backends is not null)
        {
            await backends.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
