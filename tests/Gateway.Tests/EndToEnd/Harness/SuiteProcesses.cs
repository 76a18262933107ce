using System.Collections.Concurrent;
using System.Net.Security;
using Grpc.Net.Client;
using PasswordSync.Gateway.Tests.Harness;

namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>
/// The whole suite as real processes on loopback: vault (SQLite) and directory-sync from <see cref="BackendProcesses"/>
/// and the gateway itself as a process over HTTPS (<see cref="GatewayProcess"/>), with public clients that trust
/// exactly the gateway's certificate: a generated gRPC client's channel and a plain HTTP client. One per test class
/// (xunit class fixture); subclasses change the gateway's settings (crash points, short leases).
/// </summary>
public class SuiteProcesses : IAsyncLifetime
{
    private static readonly TimeSpan BootstrapKeyWait = TimeSpan.FromSeconds(10);

    private BackendProcesses? backends;
    private GatewayProcess? gateway;

    public BackendProcesses Backends => backends ?? throw new InvalidOperationException("Not started.");

    public GatewayProcess Gateway => gateway ?? throw new InvalidOperationException("Not started.");

    /// <summary>The bootstrap admin key the gateway wrote on first start.</summary>
    public string AdminKey { get; private set; } = "";

    /// <summary>Targets registered in this suite's vault, by DC host name (target names are unique per vault).</summary>
    internal ConcurrentDictionary<string, Lazy<Task<string>>> RegisteredTargets { get; } =
        new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Configuration keys given to the gateway process on top of the backends' addresses.</summary>
    protected virtual IReadOnlyDictionary<string, string> GatewaySettings => EndToEndSettings.Defaults;

    /// <summary>Extra environment variables for the vault process (none by default).</summary>
    protected virtual IReadOnlyDictionary<string, string>? VaultEnvironment => null;

    /// <summary>Extra environment variables for the directory-sync process (none by default).</summary>
    protected virtual IReadOnlyDictionary<string, string>? DirectorySyncEnvironment => null;

    public virtual async ValueTask InitializeAsync()
    {
        backends = await BackendProcesses.StartAsync(vaultEnvironment: VaultEnvironment,
            directorySyncEnvironment: DirectorySyncEnvironment);
        gateway = await GatewayProcess.StartAsync(backends, GatewaySettings);
        AdminKey = await ReadBootstrapKeyAsync();
    }

    /// <summary>A channel to the public gRPC API over HTTPS (HTTP/2), authenticated with the key (admin by default).</summary>
    public GrpcChannel Channel(string? apiKey = null) =>
        GrpcChannel.ForAddress(Gateway.Address, new GrpcChannelOptions
        {
            HttpHandler = new BearerHandler(apiKey ?? AdminKey, TrustingHandler()),
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });

    /// <summary>A plain HTTP client (HTTP/1.1, JSON) with the key as bearer token (admin by default; "" for none).</summary>
    public HttpClient Http(string? apiKey = null)
    {
        var client = new HttpClient(TrustingHandler()) { BaseAddress = Gateway.Address, Timeout = TimeSpan.FromMinutes(3) };
        var key = apiKey ?? AdminKey;
        if (key.Length > 0)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        }

        return client;
    }

    /// <summary>The last lines of every process's output, for failure messages.</summary>
    public string Diagnostics() =>
        string.Join("\n", Outputs().Select(pair => $"=== {pair.Key} (last lines) ===\n{Tail(pair.Value, 60)}"));

    /// <summary>Everything each process wrote (all gateway generations), by process name.</summary>
    public IReadOnlyDictionary<string, string> Outputs() => new Dictionary<string, string>
    {
        ["vault"] = Backends.Vault.Output,
        ["directory-sync"] = Backends.DirectorySync.Output,
        ["gateway"] = Gateway.Output,
    };

    /// <summary>No secret in any process output, nor in plain text in the vault's database files.</summary>
    public void AssertNoSecretLeaked(IEnumerable<string> secrets)
    {
        var database = Backends.VaultDatabasePath;
        SecretLeaks.AssertNoneIn(secrets.Append(AdminKey), Outputs(),
            [database, database + "-wal", database + "-journal"]);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }

        if (backends is not null)
        {
            await backends.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private SocketsHttpHandler TrustingHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                Gateway.Certificate.Validate(certificate, errors),
        },
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    };

    private async Task<string> ReadBootstrapKeyAsync()
    {
        var deadline = DateTime.UtcNow + BootstrapKeyWait;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(Gateway.BootstrapKeyPath))
            {
                var key = (await File.ReadAllTextAsync(Gateway.BootstrapKeyPath)).Trim();
                if (key.Length > 0)
                {
                    return key;
                }
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException(
            $"The gateway wrote no bootstrap admin key to {Gateway.BootstrapKeyPath} within {BootstrapKeyWait}.\n"
            + Diagnostics());
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private sealed class BearerHandler(string apiKey, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new("Bearer", apiKey);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
