namespace PasswordSync.Gateway.Auth.RateLimiting;

/// <summary>
/// A token bucket: holds up to <c>burst</c> tokens, refilled at <c>ratePerSecond</c>; each request takes one.
/// Thread-safe through its own lock (one bucket per key, so contention is per key only).
/// </summary>
internal sealed class TokenBucket(double ratePerSecond, int burst, DateTimeOffset now)
{
    private readonly Lock gate = new();
    private double tokens = burst;
    private DateTimeOffset refilledAt = now;

    /// <summary>Takes a token, or says how long until one is available.</summary>
    public bool TryTake(DateTimeOffset now, out TimeSpan retryAfter)
    {
        lock (gate)
        {
            if (now > refilledAt)
            {
                tokens = Math.Min(burst, tokens + (now - refilledAt).TotalSeconds * ratePerSecond);
                refilledAt = now;
            }

            if (tokens >= 1)
            {
                tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - tokens) / ratePerSecond);
            return false;
        }
    }

    /// <summary>True when a token is available, without taking it; otherwise says how long until one is.</summary>
    public bool HasToken(DateTimeOffset now, out TimeSpan retryAfter)
    {
        lock (gate)
        {
            var available = Math.Min(burst, tokens + Math.Max(0, (now - refilledAt).TotalSeconds) * ratePerSecond);
            retryAfter = available >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - available) / ratePerSecond);
            return available >= 1;
        }
    }

    /// <summary>True when the bucket has refilled completely: forgetting it changes nothing for its key.</summary>
    public bool IsFull(DateTimeOffset now)
    {
        lock (gate)
        {
            return tokens + (now - refilledAt).TotalSeconds * ratePerSecond >= burst;
        }
    }
}
