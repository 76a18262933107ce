using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PasswordSync.Gateway.Auth.RateLimiting;

/// <summary>
/// Per client address, a token bucket of failed authentications (<c>Gateway:Auth:FailedAuthenticationsPerMinutePerAddress</c>,
/// <c>FailedAuthenticationBurstPerAddress</c>). The per-key limit cannot stop a flood of made-up keys (each is a new
/// key, and every unknown key is a vault lookup): this one can, and it costs valid callers nothing because a key the
/// gateway has recently accepted is never held back.
/// </summary>
internal sealed class FailedAuthenticationLimiter(IOptions<AuthOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, TokenBucket> buckets = new(StringComparer.Ordinal);
    private long nextPruneTicks;

    private bool Enabled => options.Value.FailedAuthenticationsPerMinutePerAddress > 0;

    /// <summary>True when the address has used up its failures; <paramref name="retryAfter"/> says for how long.</summary>
    public bool IsHeldBack(string address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        return Enabled && buckets.TryGetValue(address, out var bucket)
            && !bucket.HasToken(clock.GetUtcNow(), out retryAfter);
    }

    public void RecordFailure(string address)
    {
        if (!Enabled)
        {
            return;
        }

        var now = clock.GetUtcNow();
        PruneOccasionally(now);
        var settings = options.Value;
        var bucket = buckets.GetOrAdd(address, _ => new TokenBucket(
            settings.FailedAuthenticationsPerMinutePerAddress / 60.0, settings.FailedAuthenticationBurstPerAddress, now));
        bucket.TryTake(now, out _);
    }

    private void PruneOccasionally(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref nextPruneTicks);
        if (now.UtcTicks < due
            || Interlocked.CompareExchange(ref nextPruneTicks, (now + PruneInterval).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (address, bucket) in buckets)
        {
            if (bucket.IsFull(now))
            {
                buckets.TryRemove(new KeyValuePair<string, TokenBucket>(address, bucket));
            }
        }
    }
}
