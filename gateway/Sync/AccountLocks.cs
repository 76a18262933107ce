using System.Collections.Concurrent;

namespace PasswordSync.Gateway.Sync;

/// <summary>
/// Serialises directory work per account (target id + account name, case-insensitive) inside this gateway process, so
/// two checks cannot race past a lockout threshold and a check never binds while the same account's rotation is
/// between apply and verify. Across gateway instances the vault's pending rotation (one per record) is the guard.
/// </summary>
public sealed class AccountLocks
{
    private readonly ConcurrentDictionary<string, RefCountedLock> locks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for the account's lock; dispose the result to release it.</summary>
    public async Task<IDisposable> AcquireAsync(string targetId, string account, CancellationToken cancellationToken)
    {
        var key = $"{targetId}\n{account}";
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
