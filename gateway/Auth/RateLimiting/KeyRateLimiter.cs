using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PasswordSync.Gateway.Auth.RateLimiting;

/// <summary>
/// Per-API-key token buckets (<c>Gateway:Auth:RequestsPerSecondPerKey</c>, <c>RequestBurstPerKey</c>), per gateway
/// instance. Buckets that have refilled are dropped now and then, so memory follows the keys in active use.
/// </summary>
internal sealed class KeyRateLimiter(IOptions<AuthOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, TokenBucket> buckets = new(StringComparer.Ordinal);
    private long nextPruneTicks;

    /// <summary>Takes one request from the key's bucket, or says how long to wait.</summary>
    public bool TryAcquire(string keyId, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        PruneOccasionally(now);
        var bucket = buckets.GetOrAdd(keyId,
            _ => new TokenBucket(settings.RequestsPerSecondPerKey, settings.RequestBurstPerKey, now));
        return bucket.TryTake(now, out retryAfter);
    }

    private void PruneOccasionally(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref nextPruneTicks);
        if (now.UtcTicks < due
            || Interlocked.CompareExchange(ref nextPruneTicks, (now + PruneInterval).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (keyId, bucket) in buckets)
        {
            if (bucket.IsFull(now))
            {
                buckets.TryRemove(new KeyValuePair<string, TokenBucket>(keyId, bucket));
            }
        }
    }
}
