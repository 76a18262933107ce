using System.Globalization;
using System.Net.Security;
using Grpc.Net.Client;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.Gateway.Tests.Harness;

namespace PasswordSync.Benchmarks.Suite;

/// <summary>
/// Vault, directory-sync and the gateway as real processes (the test harness's starters, Release build), in a fresh
/// state folder of their own; a public gRPC channel to the gateway (HTTP/2 over TLS, the bootstrap admin key) and a
/// mutual-TLS channel straight to the vault presenting the gateway's client certificate.
/// </summary>
internal sealed class BenchSuite : IAsyncDisposable
{
    private BenchSuite(BackendProcesses backends, GatewayProcess gateway, string adminKey)
    {
        Backends = backends;
        Gateway = gateway;
        AdminKey = adminKey;
        PublicChannel = GrpcChannel.ForAddress(gateway.Address, new GrpcChannelOptions
        {
            HttpHandler = new BearerHandler(adminKey, new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                        gateway.Certificate.Validate(certificate, errors),
                },
                EnableMultipleHttp2Connections = true,
            }),
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        VaultChannel = backends.ChannelAsGateway(backends.VaultAddress);
    }

    public BackendProcesses Backends { get; }

    public GatewayProcess Gateway { get; }

    public string AdminKey { get; }

    public GrpcChannel PublicChannel { get; }

    public GrpcChannel VaultChannel { get; }

    /// <summary>Process ids by service name, for the memory readings.</summary>
    public IReadOnlyDictionary<string, int> ProcessIds => new Dictionary<string, int>
    {
        ["gateway"] = Gateway.Current.Id,
        ["vault"] = Backends.Vault.Id,
        ["directory-sync"] = Backends.DirectorySync.Id,
    };

    /// <summary>Production settings, except limits a benchmark must lift: the per-key rate limit and the concurrency caps.</summary>
    public static async Task<BenchSuite> StartAsync(int maxConcurrency)
    {
        var backends = await BackendProcesses.StartAsync();
        try
        {
            var limit = maxConcurrency.ToString(CultureInfo.InvariantCulture);
            var gateway = await GatewayProcess.StartAsync(backends, new Dictionary<string, string>
            {
                ["Gateway:Auth:RequestsPerSecondPerKey"] = "1000000",
                ["Gateway:Auth:RequestBurstPerKey"] = "1000000",
                ["Gateway:Jobs:MaxConcurrencyPerTarget"] = limit,
                ["Gateway:Reports:MaxConcurrencyPerTarget"] = limit,
            });
            return new BenchSuite(backends, gateway, await ReadBootstrapKeyAsync(gateway));
        }
        catch
        {
            await backends.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last lines each process wrote, for a failure message.</summary>
    public string Diagnostics() => string.Join('\n',
        new[] { ("vault", Backends.Vault.Output), ("directory-sync", Backends.DirectorySync.Output), ("gateway", Gateway.Output) }
            .Select(pair => $"=== {pair.Item1} ===\n{string.Join('\n', pair.Item2.Split('\n').TakeLast(40))}"));

    public async ValueTask DisposeAsync()
    {
        PublicChannel.Dispose();
        VaultChannel.Dispose();
        await Gateway.DisposeAsync();
        await Backends.DisposeAsync();
    }

    private static async Task<string> ReadBootstrapKeyAsync(GatewayProcess gateway)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (File.Exists(gateway.BootstrapKeyPath))
            {
                var key = (await File.ReadAllTextAsync(gateway.BootstrapKeyPath)).Trim();
                if (key.Length > 0)
                {
                    return key;
                }
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The gateway wrote no bootstrap admin key to {gateway.BootstrapKeyPath}.");
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
