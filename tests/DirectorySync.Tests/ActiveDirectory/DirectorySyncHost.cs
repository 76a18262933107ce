using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PasswordSync.Testing;
using Client = PasswordSync.Directory.V1.DirectorySync.DirectorySyncClient;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// The real directory-sync service hosted in-process, reached through a real GrpcChannel, with every log line
/// captured (Debug and up) so tests can prove no password reaches a log and count retries. Resilience is tuned
/// small (short back-off, circuit opening after a few failures) so outage tests run in seconds.
/// </summary>
public sealed class DirectorySyncHost : IAsyncDisposable
{
    public const int RetryEventId = 3001;
    public const int CircuitOpenedEventId = 3002;

    private readonly WebApplicationFactory<Program> factory;
    private readonly GrpcChannel channel;

    public DirectorySyncHost(Action<IServiceCollection>? configureServices = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            // The in-process test server has no TLS: the explicit local mode (tests/Security covers mutual TLS).
            web.UseSetting("DirectorySync:Security:AllowInsecureLocalCalls", "true");
            web.UseSetting("DirectorySync:Resilience:MaxRetryAttempts", "2");
            web.UseSetting("DirectorySync:Resilience:RetryBaseDelay", "00:00:00.050");
            web.UseSetting("DirectorySync:Resilience:BreakerMinimumThroughput", "3");
            web.UseSetting("DirectorySync:Resilience:BreakerFailureRatio", "0.5");
            web.UseSetting("DirectorySync:Resilience:BreakDuration", "00:00:30");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }

            web.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
            if (configureServices is not null)
            {
                web.ConfigureTestServices(configureServices);
            }
        });
        channel = GrpcChannel.ForAddress(factory.Server.BaseAddress,
            new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });
        Client = new Client(channel);
    }

    public LogCapture Logs { get; } = new();

    public Client Client { get; }

    public async ValueTask DisposeAsync()
    {
        channel.Dispose();
        await factory.DisposeAsync();
    }
}
