using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PasswordSync.Gateway.Auth;

/// <summary>
/// Successful key lookups, kept for <see cref="AuthOptions.ApiKeyCacheDuration"/> under the key's fingerprint (never
/// the key). Concurrent calls with the same key share one vault lookup, so a key's use is looked up (and audited by
/// the vault) at most once per period. Failed lookups are not kept: a refused key is asked again next time.
/// </summary>
internal sealed class ApiKeyLookupCache(IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public async Task<GatewayCaller> GetOrLookUpAsync(string apiKey, Func<string, Task<GatewayCaller>> lookUp,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.ApiKeyCacheDuration <= TimeSpan.Zero)
        {
            return await lookUp(apiKey).WaitAsync(cancellationToken);
        }

        var fingerprint = ApiKeyFingerprint.Of(apiKey);
        var now = clock.GetUtcNow();
        if (!entries.TryGetValue(fingerprint, out var entry) || entry.ExpiresAt <= now)
        {
            MakeRoom(settings.ApiKeyCacheSize, now);
            // Lazy: when two calls race, only the entry that wins the dictionary ever asks the vault.
            var fresh = new Entry(new Lazy<Task<GatewayCaller>>(() => lookUp(apiKey)),
                now + settings.ApiKeyCacheDuration);
            entry = entries.AddOrUpdate(fingerprint, fresh,
                (_, current) => current.ExpiresAt <= now ? fresh : current);
        }

        var lookup = entry.Lookup.Value;
        try
        {
            return await lookup.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lookup.IsFaulted || lookup.IsCanceled)
        {
            entries.TryRemove(new KeyValuePair<string, Entry>(fingerprint, entry));
            throw;
        }
    }

    /// <summary>True when this key was accepted by the vault within the cache period (a lookup would not reach it).</summary>
    public bool IsKnownValid(string apiKey) =>
        entries.TryGetValue(ApiKeyFingerprint.Of(apiKey), out var entry)
        && entry.ExpiresAt > clock.GetUtcNow()
        && entry.Lookup is { IsValueCreated: true, Value.IsCompletedSuccessfully: true };

    /// <summary>Drops every cached lookup of this key id (after a revocation through this gateway).</summary>
    public void Forget(string keyId)
    {
        foreach (var (fingerprint, entry) in entries)
        {
            if (entry.Lookup is { IsValueCreated: true, Value: { IsCompletedSuccessfully: true } lookup }
                && lookup.Result.KeyId == keyId)
            {
                entries.TryRemove(new KeyValuePair<string, Entry>(fingerprint, entry));
            }
        }
    }

    /// <summary>Drops every cached lookup (after a restore replaced the vault's API keys with the backup's).</summary>
    public void Clear() => entries.Clear();

    public int Count => entries.Count;

    // Bounded: drop expired entries first, then the ones closest to expiry, so a flood of distinct keys cannot grow the
    // cache (valid keys only reach it: a refused lookup is never kept).
    private void MakeRoom(int capacity, DateTimeOffset now)
    {
        if (entries.Count < capacity)
        {
            return;
        }

        foreach (var (fingerprint, entry) in entries)
        {
            if (entry.ExpiresAt <= now)
            {
                entries.TryRemove(new KeyValuePair<string, Entry>(fingerprint, entry));
            }
        }

        var excess = entries.Count - capacity + 1;
        foreach (var (fingerprint, entry) in entries.OrderBy(e => e.Value.ExpiresAt).Take(Math.Max(0, excess)).ToList())
        {
            entries.TryRemove(new KeyValuePair<string, Entry>(fingerprint, entry));
        }
    }

    private sealed record Entry(Lazy<Task<GatewayCaller>> Lookup, DateTimeOffset ExpiresAt);
}
