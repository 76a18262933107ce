using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PasswordSync.DirectorySync.Grpc;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// What every state read on a DC would otherwise fetch again: the rootDSE's defaultNamingContext (fixed for the life of
/// a domain, kept <see cref="NamingContextTime"/>) and the effective lockout policies, per PSO or the domain's (kept
/// for DirectorySync:LockoutPolicyCacheTime, 10 s by default). The account's own counters (badPwdCount, lockoutTime)
/// are never cached: they are read fresh on every state read.
/// </summary>
internal sealed class AdDomainCache(TimeProvider time, IOptions<DirectorySyncOptions> options)
{
    public static readonly TimeSpan NamingContextTime = TimeSpan.FromMinutes(10);

    private const int MaxEntries = 1_000;

    private readonly ConcurrentDictionary<string, (string Dn, DateTimeOffset At)> namingContexts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (LockoutPolicy Policy, DateTimeOffset At)> policies = new(StringComparer.Ordinal);

    public string DomainDn(string server, Func<string> read)
    {
        if (namingContexts.TryGetValue(server, out var known) && time.GetUtcNow() - known.At < NamingContextTime)
        {
            return known.Dn;
        }

        var dn = read();
        Bound(namingContexts);
        namingContexts[server] = (dn, time.GetUtcNow());
        return dn;
    }

    /// <param name="scope">The target and DC (policies are read as the target's privileged account, on that DC).</param>
    /// <param name="psoDn">The account's resultant PSO, or null for the domain's policy.</param>
    public LockoutPolicy LockoutPolicy(string scope, string? psoDn, Func<LockoutPolicy> read)
    {
        var keepFor = options.Value.LockoutPolicyCacheTime;
        var key = $"{scope}\n{psoDn}";
        if (keepFor > TimeSpan.Zero && policies.TryGetValue(key, out var known) && time.GetUtcNow() - known.At < keepFor)
        {
            return known.Policy;
        }

        var policy = read();
        if (keepFor > TimeSpan.Zero)
        {
            Bound(policies);
            policies[key] = (policy, time.GetUtcNow());
        }

        return policy;
    }

    private static void Bound<T>(ConcurrentDictionary<string, T> entries)
    {
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }
    }
}
