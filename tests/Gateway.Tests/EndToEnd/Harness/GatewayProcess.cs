using System.Globalization;
using System.Text;
using PasswordSync.Gateway.Tests.Harness;

namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>
/// The gateway as a real process (<c>dotnet PasswordSync.Gateway.dll</c>) serving its public API over HTTPS on a free
/// loopback port, with a state folder that survives restarts and kills. Settings are configuration keys
/// ("Gateway:Sync:RotationLease"), passed as environment variables. Every generation's output is kept, so tests can
/// search all of it for leaked secrets and show it when they fail.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<ServiceProcess> generations = [];
    private readonly Dictionary<string, string> settings;

    private GatewayProcess(string stateDirectory, int port, PublicCertificate certificate,
        Dictionary<string, string> settings)
    {
        StateDirectory = stateDirectory;
        Port = port;
        Certificate = certificate;
        this.settings = settings;
    }

    public string StateDirectory { get; }

    public int Port { get; }

    public Uri Address => new($"https://127.0.0.1:{Port}");

    public PublicCertificate Certificate { get; }

    /// <summary>Where the gateway writes its bootstrap admin key on first start.</summary>
    public string BootstrapKeyPath => Path.Combine(StateDirectory, "bootstrap-admin.key");

    public ServiceProcess Current => generations[^1];

    /// <summary>Everything every generation of the gateway wrote, oldest first.</summary>
    public string Output
    {
        get
        {
            var text = new StringBuilder();
            for (var i = 0; i < generations.Count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"--- gateway start #{i + 1} ---\n").Append(generations[i].Output);
            }

            return text.ToString();
        }
    }

    public static async Task<GatewayProcess> StartAsync(BackendProcesses backends,
        IReadOnlyDictionary<string, string> extraSettings)
    {
        var state = System.IO.Directory.CreateTempSubdirectory("pwsync-e2e-gateway-").FullName;
        var port = FreePort.Next();
        var certificate = PublicCertificate.CreateIn(state);
        var settings = new Dictionary<string, string>(backends.GatewayConfiguration, StringComparer.OrdinalIgnoreCase)
        {
            ["Gateway:StateDirectory"] = state,
            ["Gateway:Public:ListenAddress"] = "127.0.0.1",
            ["Gateway:Public:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Public:CertificatePath"] = certificate.CertificatePath,
            ["Gateway:Public:KeyPath"] = certificate.KeyPath,
            ["Gateway:Auth:BootstrapKeyPath"] = Path.Combine(state, "bootstrap-admin.key"),
        };
        foreach (var (key, value) in extraSettings)
        {
            settings[key] = value;
        }

        var gateway = new GatewayProcess(state, port, certificate, settings);
        await gateway.StartGenerationAsync(overrides: null);
        return gateway;
    }

    /// <summary>
    /// Stops the running gateway (SIGKILL, if still alive) and starts a new one on the same port and state folder.
    /// <paramref name="overrides"/> change settings for this and later starts; a null value removes a setting.
    /// </summary>
    public async Task RestartAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        Kill();
        await StartGenerationAsync(overrides);
    }

    /// <summary>SIGKILL: no shutdown, no finally blocks, exactly like a crash.</summary>
    public void Kill() => Current.Kill();

    /// <summary>Waits (bounded) for the gateway to die on its own, e.g. at a configured crash point.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!Current.HasExited)
        {
            try
            {
                await Task.Delay(100, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var generation in generations)
        {
            await generation.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the temp folder is cleaned by the OS eventually.
        }
    }

    private async Task StartGenerationAsync(IReadOnlyDictionary<string, string?>? overrides)
    {
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        var environment = settings.ToDictionary(pair => pair.Key.Replace(":", "__", StringComparison.Ordinal),
            pair => pair.Value);
        var process = ServiceProcess.Start("gateway", ServiceBinaries.Gateway, environment);
        generations.Add(process);
        await process.WaitForPortAsync(Port, StartTimeout);
    }
}
