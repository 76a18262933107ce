using System.Diagnostics;
using Grpc.Core;
using PasswordSync.Benchmarks.Measuring;
using PasswordSync.Benchmarks.Reporting;
using PasswordSync.Benchmarks.Suite;
using VaultRecords = PasswordSync.Vault.V1.PasswordRecords;
using VaultRevealRequest = PasswordSync.Vault.V1.RevealPasswordRequest;

namespace PasswordSync.Benchmarks.Scenarios;

/// <summary>
/// (4) Reveal through the gateway (public gRPC over HTTP/2 + TLS, API key) against the same reveal asked of the vault
/// directly (mutual TLS as the gateway's client certificate): the gateway's own cost per request.
/// </summary>
internal static class RevealComparison
{
    private const string ActorHeader = "x-passwordsync-actor";

    public static async Task RunAsync(BenchSuite suite, GatewayApi api, IReadOnlyList<string> recordIds,
        BenchOptions options, ResultTable table)
    {
        var vault = new VaultRecords.PasswordRecordsClient(suite.VaultChannel);
        var actor = new Metadata { { ActorHeader, "benchmark" } };
        Func<string, Task> direct = async id =>
            await vault.RevealPasswordAsync(new VaultRevealRequest { Id = id, Reason = "benchmark" }, actor);
        Func<string, Task> throughGateway = async id => await api.RevealAsync(id);

        // Warm both paths (JIT, connections, caches) before anything is timed.
        var warmUp = Math.Min(200, options.RevealRequests);
        await MeasureAsync(recordIds, warmUp, options.RevealCallers, direct);
        await MeasureAsync(recordIds, warmUp, options.RevealCallers, throughGateway);

        var vaultRun = await MeasureAsync(recordIds, options.RevealRequests, options.RevealCallers, direct);
        var gatewayRun = await MeasureAsync(recordIds, options.RevealRequests, options.RevealCallers, throughGateway);
        var callers = $"{options.RevealCallers} callers, {Figures.Count(options.RevealRequests)} requests";
        table.Add(new ResultRow("4", "reveal, vault direct (mutual TLS gRPC)", Figures.Rate(vaultRun.PerSecond),
            Note: $"{callers}; p50 {Figures.Milliseconds(vaultRun.Latencies.Percentile(50))}, p99 {Figures.Milliseconds(vaultRun.Latencies.Percentile(99))}"));
        table.Add(ResultRow.AtLeast("4", "reveal through the gateway (gRPC, HTTP/2)", Figures.Rate(gatewayRun.PerSecond),
            Figures.Rate(vaultRun.PerSecond), gatewayRun.PerSecond / vaultRun.PerSecond, 0.5,
            $"{callers}; p50 {Figures.Milliseconds(gatewayRun.Latencies.Percentile(50))}, p99 {Figures.Milliseconds(gatewayRun.Latencies.Percentile(99))}"));
    }

    private static async Task<(double PerSecond, Latencies Latencies)> MeasureAsync(IReadOnlyList<string> recordIds,
        int requests, int callers, Func<string, Task> reveal)
    {
        var latencies = new Latencies();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < requests; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                await reveal(recordIds[i % recordIds.Count]);
                latencies.Add(Stopwatch.GetElapsedTime(started));
            }
        }));
        return (requests / clock.Elapsed.TotalSeconds, latencies);
    }
}
