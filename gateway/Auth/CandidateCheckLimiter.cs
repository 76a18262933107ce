using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PasswordSync.Gateway.Auth;

/// <summary>Fixed window per account (<c>Gateway:Auth:CandidateChecksPerAccount</c> per <c>CandidateCheckWindow</c>).</summary>
internal sealed class CandidateCheckLimiter(IOptions<CandidateCheckOptions> options, TimeProvider clock)
    : ICandidateCheckLimiter
{
    private readonly ConcurrentDictionary<string, Window> windows = new(StringComparer.OrdinalIgnoreCase);

    public bool TryAcquire(string targetKey, string account)
    {
        var now = clock.GetUtcNow();
        var limit = options.Value;
        var window = windows.AddOrUpdate($"{targetKey}\n{account}",
            _ => new Window(now, 1),
            (_, current) => now - current.Start >= limit.CandidateCheckWindow
                ? new Window(now, 1)
                : current with { Count = current.Count + 1 });
        PruneOccasionally(now, limit.CandidateCheckWindow);
        return window.Count <= limit.CandidateChecksPerAccount;
    }

    // Bounded memory: drop windows that have ended (cheap, and only when the map has grown).
    private void PruneOccasionally(DateTimeOffset now, TimeSpan length)
    {
        if (windows.Count < 10_000)
        {
            return;
        }

        foreach (var (key, window) in windows)
        {
            if (now - window.Start >= length)
            {
                windows.TryRemove(key, out _);
            }
        }
    }

    private sealed record Window(DateTimeOffset Start, int Count);
}

public sealed class CandidateCheckOptions
{
    public const string Section = "Gateway:Auth";

    /// <summary>Candidate checks allowed per account and window (default 5).</summary>
    public int CandidateChecksPerAccount { get; set; } = 5;

    public TimeSpan CandidateCheckWindow { get; set; } = TimeSpan.FromMinutes(15);
}
