using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Testing;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Tests.Rotations;

/// <summary>
/// Real vault and directory-sync processes, the gateway in-process with every log line captured, an admin key, the
/// test DC registered as an AD target and one list ready for synchronisation.
/// </summary>
public sealed class SyncWorld : IAsyncDisposable
{
    private readonly InProcessGateway host;
    private bool ownsBackends = true;

    private SyncWorld(BackendProcesses backends, InProcessGateway host, WebApplicationFactory<Program> gateway,
        LogCapture logs)
    {
        Backends = backends;
        this.host = host;
        Gateway = gateway;
        Logs = logs;
        Vault = new VaultWorld(backends.VaultAddress);
    }

    public BackendProcesses Backends { get; }

    public WebApplicationFactory<Program> Gateway { get; }

    public LogCapture Logs { get; }

    public string AdminKey { get; private set; } = "";

    internal VaultWorld Vault { get; }

    public PasswordList List { get; private set; } = new();

    public static async Task<SyncWorld> StartAsync(IReadOnlyDictionary<string, string>? configuration = null,
        Action<IServiceCollection>? services = null, BackendProcesses? sharedBackends = null,
        bool registerDomain = true)
    {
        var backends = sharedBackends ?? await BackendProcesses.StartAsync();
        var host = new InProcessGateway(backends, configuration);
        var logs = new LogCapture();
        var gateway = host.WithWebHostBuilder(builder =>
        {
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });
        var world = new SyncWorld(backends, host, gateway, logs) { ownsBackends = sharedBackends is null };
        try
        {
            world.AdminKey = await host.CreateAdminKeyAsync();
            _ = gateway.Server;
            if (registerDomain && TestServers.Get("SAMBA_HOST") is not null)
            {
                await world.Vault.RegisterDomainAsync();
                world.List = await world.Vault.CreateReadyListAsync();
            }
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }

        return world;
    }

    /// <summary>The public Sync service through a real gRPC channel, authenticated with the admin key.</summary>
    public V1.Sync.SyncClient Sync(string? apiKey = null) => new(GrpcChannel.ForAddress(Gateway.Server.BaseAddress,
        new GrpcChannelOptions { HttpHandler = new Bearer(apiKey ?? AdminKey, Gateway.Server.CreateHandler()) }));

    public Task<string> CreateKeyAsync(string name, IEnumerable<ApiPermission> permissions) =>
        host.CreateApiKeyAsync(name, permissions);

    public T Service<T>() where T : notnull => Gateway.Services.GetRequiredService<T>();

    /// <summary>Every log line of the gateway and both backend processes.</summary>
    public string AllLogText() => string.Join("\n", Logs.Entries.Select(e => e.Text))
        + "\n" + Backends.Vault.Output + "\n" + Backends.DirectorySync.Output;

    public async ValueTask DisposeAsync()
    {
        Vault.Dispose();
        await Gateway.DisposeAsync();
        await host.DisposeAsync();
        if (ownsBackends)
        {
            await Backends.DisposeAsync();
        }
    }

    private sealed class Bearer(string apiKey, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new("Bearer", apiKey);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>One <see cref="SyncWorld"/> per test class, reconciler left to its default schedule.</summary>
public sealed class RotationFixture : IAsyncLifetime
{
    private SyncWorld? world;

    public SyncWorld World => world ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => world = await SyncWorld.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (world is not null)
        {
            await world.DisposeAsync();
        }
    }
}
