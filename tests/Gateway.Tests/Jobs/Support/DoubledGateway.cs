using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PasswordSync.Gateway.Tests.Harness;

namespace PasswordSync.Gateway.Tests.Jobs.Support;

/// <summary>
/// An in-process gateway in front of the suite's REAL vault and directory-sync, with some engines replaced by test
/// doubles (engines built and tested on other branches) and fast job/report timings. Each instance is a separate
/// gateway (own GatewayInstance id, own job runner), so two of them act like two gateway processes.
/// </summary>
public sealed class DoubledGateway : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> factory;

    public DoubledGateway(BackendsFixture suite, Action<IServiceCollection> replaceEngines,
        IReadOnlyDictionary<string, string>? configuration = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Jobs:Lease"] = "00:00:03",
            ["Gateway:Jobs:RenewInterval"] = "00:00:01",
            ["Gateway:Jobs:PollInterval"] = "00:00:00.200",
            ["Gateway:Jobs:SettleRetryInterval"] = "00:00:00.200",
            ["Gateway:Jobs:WatchInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        factory = suite.Gateway.WithWebHostBuilder(builder =>
        {
            builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
            builder.ConfigureTestServices(replaceEngines);
        });
    }

    public IServiceProvider Services => factory.Services;

    /// <summary>A gRPC channel to the public API with <paramref name="apiKey"/> as bearer token.</summary>
    public GrpcChannel Channel(string apiKey) =>
        GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = new Bearer(apiKey, factory.Server.CreateHandler()),
        });

    public V1.Sync.SyncClient Sync(string apiKey) => new(Channel(apiKey));

    public HttpClient Http(string apiKey)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return client;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

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
