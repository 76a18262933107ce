using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Auth;
using PasswordSync.Gateway.Auth.RateLimiting;

namespace PasswordSync.Gateway.Tests.Auth;

/// <summary>Per-key token buckets: a burst, then the sustained rate, with the wait to announce.</summary>
public sealed class TokenBucketTests
{
    private readonly ManualClock clock = new();

    private KeyRateLimiter Limiter(double perSecond, int burst) => new(
        Options.Create(new AuthOptions { RequestsPerSecondPerKey = perSecond, RequestBurstPerKey = burst }), clock);

    [Fact]
    public void Burst_is_allowed_then_refused_with_the_time_until_the_next_token()
    {
        var limiter = Limiter(perSecond: 2, burst: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.TryAcquire("key-1", out _));
        }

        Assert.False(limiter.TryAcquire("key-1", out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(500), retryAfter);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(limiter.TryAcquire("key-1", out _));
        Assert.False(limiter.TryAcquire("key-1", out _));
    }

    [Fact]
    public void Keys_have_their_own_buckets_and_a_bucket_never_holds_more_than_the_burst()
    {
        var limiter = Limiter(perSecond: 1, burst: 2);
        Assert.True(limiter.TryAcquire("key-a", out _));
        Assert.True(limiter.TryAcquire("key-a", out _));
        Assert.False(limiter.TryAcquire("key-a", out _));
        Assert.True(limiter.TryAcquire("key-b", out _));

        clock.Advance(TimeSpan.FromHours(1));
        Assert.True(limiter.TryAcquire("key-a", out _));
        Assert.True(limiter.TryAcquire("key-a", out _));
        Assert.False(limiter.TryAcquire("key-a", out _));
    }
}
