using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PasswordSync.Gateway.Auth;

/// <summary>
/// At most <c>Gateway:Auth:CandidateChecksPerAccount</c> candidate checks per account in any
/// <c>CandidateCheckWindow</c> (a sliding window, per gateway instance). Why sliding, not fixed windows: a fixed
/// window lets a guesser spend two windows' worth of guesses back to back across a window boundary. Refused attempts
/// are not counted (they never reach the directory), so a refused caller is not locked out for longer by retrying.
/// </summary>
internal sealed class CandidateCheckLimiter(IOptions<CandidateCheckOptions> options, TimeProvider clock)
    : ICandidateCheckLimiter
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    // Account names are case-insensitive in AD, LDAP (usually) and our target names: "Admin" and "admin" share a count.
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> granted = new(StringComparer.OrdinalIgnoreCase);
    private long nextPruneTicks;

    public bool TryAcquire(string targetKey, string account)
    {
        ArgumentNullException.ThrowIfNull(targetKey);
        ArgumentNullException.ThrowIfNull(account);
        var now = clock.GetUtcNow();
        var limit = options.Value;
        PruneOccasionally(now, limit.CandidateCheckWindow);
        var accountKey = $"{targetKey}\n{account}";
        while (true)
        {
            var times = granted.GetOrAdd(accountKey, _ => new Queue<DateTimeOffset>());
            lock (times)
            {
                // Pruning removes a queue under its lock: if ours was removed meanwhile, take the new one.
                if (!granted.TryGetValue(accountKey, out var current) || !ReferenceEquals(current, times))
                {
                    continue;
                }

                while (times.Count > 0 && now - times.Peek() >= limit.CandidateCheckWindow)
                {
                    times.Dequeue();
                }

                if (times.Count >= limit.CandidateChecksPerAccount)
                {
                    return false;
                }

                times.Enqueue(now);
                return true;
            }
        }
    }

    // Bounded memory: at most once a minute, forget accounts whose every check has left the window.
    private void PruneOccasionally(DateTimeOffset now, TimeSpan window)
    {
        var due = Interlocked.Read(ref nextPruneTicks);
        if (now.UtcTicks < due
            || Interlocked.CompareExchange(ref nextPruneTicks, (now + PruneInterval).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (account, times) in granted)
        {
            lock (times)
            {
                if (times.Count == 0 || now - times.Last() >= window)
                {
                    // Under the queue's lock, so a TryAcquire holding it cannot count into a queue being dropped.
                    granted.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(account, times));
                }
            }
        }
    }
}

public sealed class CandidateCheckOptions
{
    public const string Section = "Gateway:Auth";

    /// <summary>Candidate checks allowed per account in any window (default 5).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int CandidateChecksPerAccount { get; set; } = 5;

    /// <summary>The sliding window the limit applies to (default 15 minutes).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CandidateCheckWindow { get; set; } = TimeSpan.FromMinutes(15);
}
