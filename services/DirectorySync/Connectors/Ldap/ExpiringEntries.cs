using System.Collections.Concurrent;

namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>
/// Values remembered for a while, by key, at most <paramref name="maxEntries"/> of them: when full, expired entries are
/// dropped, and if none were, every entry is (a forgotten value only costs reading it again). Each caller decides how
/// long a value may be used when it reads it, so one store serves values with different lifetimes.
/// </summary>
internal sealed class ExpiringEntries<T>(TimeProvider time, int maxEntries)
{
    private readonly ConcurrentDictionary<string, (T Value, DateTimeOffset At)> entries = new(StringComparer.Ordinal);

    public bool TryGet(string key, TimeSpan timeToLive, out T value)
    {
        if (entries.TryGetValue(key, out var known) && time.GetUtcNow() - known.At < timeToLive)
        {
            value = known.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>The remembered value, or <paramref name="read"/>'s (remembered, unless <paramref name="timeToLive"/> is zero).</summary>
    public T GetOrRead(string key, TimeSpan timeToLive, Func<T> read)
    {
        if (TryGet(key, timeToLive, out var known))
        {
            return known;
        }

        var value = read();
        if (timeToLive > TimeSpan.Zero)
        {
            Set(key, value, timeToLive);
        }

        return value;
    }

    public void Set(string key, T value, TimeSpan timeToLive)
    {
        if (entries.Count >= maxEntries)
        {
            var now = time.GetUtcNow();
            foreach (var stale in entries.Where(pair => now - pair.Value.At >= timeToLive))
            {
                entries.TryRemove(stale);
            }

            if (entries.Count >= maxEntries)
            {
                entries.Clear();
            }
        }

        entries[key] = (value, time.GetUtcNow());
    }

    public void Remove(string key) => entries.TryRemove(key, out _);
}
