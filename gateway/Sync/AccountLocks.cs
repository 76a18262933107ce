using System.Collections.Concurrent;

namespace PasswordSync.Gateway.Sync;

/// <summary>
/// Serialises directory work per account (target id + account name, case-insensitive) inside this gateway process, so
/// two checks cannot race past a lockout threshold and a check never binds while the same account's rotation is
/// between apply and verify. Across gateway instances the vault's pending rotation (one per record) is the guard.
/// It also remembers which accounts had their lock released lately (<see cref="ReleaseMark"/>,
/// <see cref="ReleasedSince"/>): an account state read before a check took the lock (the sync report's read-ahead)
/// still describes the account only if no other directory work on it ended in between.
/// </summary>
public sealed class AccountLocks
{
    /// <summary>Accounts whose last release is remembered individually; beyond, only "before the floor" is known.</summary>
    private const int RememberedReleases = 16_384;

    private readonly ConcurrentDictionary<string, RefCountedLock> locks = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> releasedAt = new(StringComparer.OrdinalIgnoreCase);
    private long releases;
    private long forgottenBefore;

    /// <summary>A mark to compare later releases with: take it before reading an account's state without its lock.</summary>
    public long ReleaseMark() => Interlocked.Read(ref releases);

    /// <summary>
    /// True when the account's lock was released after <paramref name="mark"/> was taken (some check or rotation worked
    /// on it since), or when that can no longer be told (conservative: only a fresh read is then trusted).
    /// </summary>
    public bool ReleasedSince(string targetId, string account, long mark)
    {
        lock (releasedAt)
        {
            return releasedAt.TryGetValue(Key(targetId, account), out var at) ? at > mark : forgottenBefore > mark;
        }
    }

    /// <summary>Waits for the account's lock; dispose the result to release it.</summary>
    public async Task<IDisposable> AcquireAsync(string targetId, string account, CancellationToken cancellationToken)
    {
        var key = Key(targetId, account);
        RefCountedLock entry;
        lock (locks)
        {
            entry = locks.GetOrAdd(key, _ => new RefCountedLock());
            entry.Users++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(key, entry, held: false);
            throw;
        }

        return new Releaser(() => Release(key, entry, held: true));
    }

    private void Release(string key, RefCountedLock entry, bool held)
    {
        if (held)
        {
            Remember(key);
            entry.Semaphore.Release();
        }

        lock (locks)
        {
            if (--entry.Users == 0)
            {
                locks.TryRemove(key, out _);
                entry.Semaphore.Dispose();
            }
        }
    }

    private static string Key(string targetId, string account) => $"{targetId}\n{account}";

    /// <summary>Stamped before the lock is given back, so whoever takes it next sees the release.</summary>
    private void Remember(string key)
    {
        lock (releasedAt)
        {
            var now = Interlocked.Increment(ref releases);
            if (releasedAt.Count >= RememberedReleases && !releasedAt.ContainsKey(key))
            {
                // Bounded memory: forget every account, and treat any mark taken before now as outdated for all.
                releasedAt.Clear();
                forgottenBefore = now;
            }

            releasedAt[key] = now;
        }
    }

    private sealed class RefCountedLock
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                release();
            }
        }
    }
}
