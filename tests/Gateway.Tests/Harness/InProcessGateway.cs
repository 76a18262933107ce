using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Tests.Harness;

/// <summary>
/// The gateway hosted in the test process (TestServer) in front of real vault and directory-sync processes: fast
/// feature tests through the generated public clients (<see cref="Channel"/>) and a plain HTTP client
/// (<see cref="CreateHttpClient"/>). End-to-end tests run the gateway as a process instead.
/// </summary>
public sealed class InProcessGateway : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> configuration;

    public InProcessGateway(BackendProcesses backends, IReadOnlyDictionary<string, string>? extra = null)
    {
        var merged = new Dictionary<string, string>(backends.GatewayConfiguration);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        configuration = merged;
        Backends = backends;
    }

    public BackendProcesses Backends { get; }

    /// <summary>A gRPC channel to the public API, authenticated with <paramref name="apiKey"/>.</summary>
    public GrpcChannel Channel(string apiKey) =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = new BearerHandler(apiKey, Server.CreateHandler()),
        });

    /// <summary>A plain HTTP client (JSON transcoding) with the key as a bearer token, when given.</summary>
    public HttpClient CreateHttpClient(string? apiKey)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>
    /// Creates an API key directly in the vault (the way the gateway's bootstrap does), bypassing the public API.
    /// </summary>
    public async Task<string> CreateApiKeyAsync(string name, IEnumerable<ApiPermission> permissions,
        IEnumerable<string>? listIds = null)
    {
        // The vault accepts only the gateway: present the gateway's client certificate, as the gateway does.
        using var channel = Backends.ChannelAsGateway(Backends.VaultAddress);
        var client = new ApiKeyService.ApiKeyServiceClient(channel);
        var request = new CreateApiKeyRequest { Name = name };
        request.Permissions.AddRange(permissions);
        request.ListIds.AddRange(listIds ?? []);
        var created = await client.CreateApiKeyAsync(request);
        return created.ApiKey;
    }

    /// <summary>A key with every permission (admin).</summary>
    public Task<string> CreateAdminKeyAsync() => CreateApiKeyAsync("test-admin", [ApiPermission.Admin]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(
            configuration.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value))));
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
