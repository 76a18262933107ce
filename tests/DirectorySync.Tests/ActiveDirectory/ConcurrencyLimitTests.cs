using System.Diagnostics;
using System.Net;
using PasswordSync.Directory.V1;
using PasswordSync.Testing;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>The per-server concurrency limit: bulk work cannot pile up on a DC that stopped answering.</summary>
public sealed class ConcurrencyLimitTests : IAsyncLifetime
{
    private readonly DirectorySyncHost host = new(settings: new Dictionary<string, string>
    {
        ["DirectorySync:Resilience:MaxConcurrencyPerServer"] = "1",
        ["DirectorySync:Resilience:MaxQueuePerServer"] = "0",
        ["DirectorySync:Resilience:MaxRetryAttempts"] = "0",
    });

    private TcpRelay relay = null!;

    [Fact]
    public async Task Call_beyond_the_servers_limit_is_refused_at_once_with_a_clear_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        var target = SambaDomain.Target(port: relay.Port);
        target.OperationTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(3));
        relay.Mode = RelayMode.Freeze;
        var request = new GetAccountStateRequest { Target = target, Account = "Administrator" };

        var hanging = host.Client.GetAccountStateAsync(request, cancellationToken: ct).ResponseAsync;
        while (relay.Accepted == 0)
        {
            await Task.Delay(50, ct);
        }

        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.GetAccountStateAsync(request, cancellationToken: ct).ResponseAsync);
        clock.Stop();

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("Too many operations", refused.Status.Detail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"refused after {clock.Elapsed}");
        var timedOut = await Assert.ThrowsAsync<RpcException>(() => hanging);
        Assert.Equal("TIMEOUT", timedOut.GetReason());
    }

    public ValueTask InitializeAsync()
    {
        relay = new TcpRelay(IPAddress.Parse(SambaDomain.Address),
            new IPEndPoint(IPAddress.Parse(SambaDomain.Address), SambaDomain.Port));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await relay.DisposeAsync();
        await host.DisposeAsync();
    }
}
