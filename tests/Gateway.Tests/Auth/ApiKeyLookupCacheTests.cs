using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Auth;

namespace PasswordSync.Gateway.Tests.Auth;

/// <summary>
/// The cache of successful key lookups in front of the vault. The lookup function here counts calls instead of
/// asking the vault: these tests are about the cache's own rules (the vault lookup is covered end to end).
/// </summary>
public sealed class ApiKeyLookupCacheTests
{
    private readonly ManualClock clock = new();
    private int lookups;

    private ApiKeyLookupCache Cache(int seconds = 30, int size = 100) => new(
        Options.Create(new AuthOptions { ApiKeyCacheDuration = TimeSpan.FromSeconds(seconds), ApiKeyCacheSize = size }),
        clock);

    private async Task<GatewayCaller> LookUp(string key)
    {
        Interlocked.Increment(ref lookups);
        await Task.Delay(20);
        return new GatewayCaller("id-" + key, "name", new HashSet<Access> { Access.Read }, new HashSet<string>());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_calls_with_one_key_share_one_lookup_until_the_period_ends()
    {
        var cache = Cache();

        var callers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cache.GetOrLookUpAsync("k1", LookUp, Ct)));
        clock.Advance(TimeSpan.FromSeconds(29));
        await cache.GetOrLookUpAsync("k1", LookUp, Ct);

        Assert.Equal(1, lookups);
        Assert.All(callers, c => Assert.Equal("id-k1", c.KeyId));

        clock.Advance(TimeSpan.FromSeconds(1));
        await cache.GetOrLookUpAsync("k1", LookUp, Ct);
        Assert.Equal(2, lookups);
    }

    [Fact]
    public async Task A_refused_key_is_asked_again_next_time()
    {
        var cache = Cache();
        var refusals = 0;
        Task<GatewayCaller> Refuse(string key)
        {
            refusals++;
            return Task.FromException<GatewayCaller>(new RpcException(new Status(StatusCode.Unauthenticated, "no")));
        }

        await Assert.ThrowsAsync<RpcException>(() => cache.GetOrLookUpAsync("bad", Refuse, Ct));
        await Assert.ThrowsAsync<RpcException>(() => cache.GetOrLookUpAsync("bad", Refuse, Ct));

        Assert.Equal(2, refusals);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Forget_drops_the_key_at_once()
    {
        var cache = Cache();
        await cache.GetOrLookUpAsync("k2", LookUp, Ct);
        await cache.GetOrLookUpAsync("k3", LookUp, Ct);

        cache.Forget("id-k2");
        await cache.GetOrLookUpAsync("k2", LookUp, Ct);
        await cache.GetOrLookUpAsync("k3", LookUp, Ct);

        Assert.Equal(3, lookups);
    }

    [Fact]
    public async Task The_cache_stays_within_its_size()
    {
        var cache = Cache(size: 5);
        for (var i = 0; i < 50; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            await cache.GetOrLookUpAsync("key-" + i, LookUp, Ct);
        }

        Assert.InRange(cache.Count, 1, 5);
        Assert.Equal(50, lookups);
    }

    [Fact]
    public async Task A_zero_period_turns_caching_off()
    {
        var cache = Cache(seconds: 0);
        await cache.GetOrLookUpAsync("k4", LookUp, Ct);
        await cache.GetOrLookUpAsync("k4", LookUp, Ct);
        Assert.Equal(2, lookups);
    }
}
