using Microsoft.Extensions.Options;
using PasswordSync.DirectorySync.Connectors.Ldap;
using PasswordSync.DirectorySync.Grpc;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// What every state read on a DC would otherwise fetch again: the rootDSE's defaultNamingContext (fixed for the life of
/// a domain, kept <see cref="NamingContextTime"/>) and the effective lockout policies, per PSO or the domain's (kept
/// for DirectorySync:LockoutPolicyCacheTime, 10 s by default). The account's own counters (badPwdCount, lockoutTime)
/// are never cached: they are read fresh on every state read. The set of every policy of the domain (for lean state
/// reads, docs/ad-state-read.md) is kept for the same time.
/// </summary>
internal sealed class AdDomainCache(TimeProvider time, IOptions<DirectorySyncOptions> options)
{
    public static readonly TimeSpan NamingContextTime = TimeSpan.FromMinutes(10);

    private const int MaxEntries = 1_000;

    private readonly ExpiringEntries<string> namingContexts = new(time, MaxEntries);
    private readonly ExpiringEntries<LockoutPolicy?> policies = new(time, MaxEntries);
    private readonly ExpiringEntries<AdPolicySet> policySets = new(time, MaxEntries);

    /// <summary>
    /// False when policies are not cached (LockoutPolicyCacheTime zero): the policy set would then be read on every
    /// state read, costing the DC more than the constructed attributes it saves, so reads stay full.
    /// </summary>
    public bool KeepsPolicies => options.Value.LockoutPolicyCacheTime > TimeSpan.Zero;

    public DateTimeOffset Now => time.GetUtcNow();

    public string DomainDn(string server, Func<string> read) => namingContexts.GetOrRead(server, NamingContextTime, read);

    /// <param name="scope">The target and DC (policies are read as the target's privileged account, on that DC).</param>
    /// <param name="psoDn">The account's resultant PSO, or null for the domain's policy.</param>
    /// <returns>The policy, or null when it could not be read (remembered as well: the rights do not change often).</returns>
    public LockoutPolicy? LockoutPolicy(string scope, string? psoDn, Func<LockoutPolicy?> read) =>
        policies.GetOrRead($"{scope}\n{psoDn}", options.Value.LockoutPolicyCacheTime, read);

    /// <param name="scope">The target and DC, as for <see cref="LockoutPolicy"/>.</param>
    public AdPolicySet PolicySet(string scope, Func<AdPolicySet> read) =>
        policySets.GetOrRead(scope, options.Value.LockoutPolicyCacheTime, read);
}
