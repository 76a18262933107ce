using System.DirectoryServices.Protocols;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// Reads an account's state with the privileged connection (no bind as the account, so no lockout effect). The full
/// read includes the EFFECTIVE lockout policy (a fine-grained password policy, msDS-ResultantPSO, overrides the
/// domain's) and the DC's computed flags; the lean read, when it settles the state, skips those constructed
/// attributes, which cost the DC most of a state read (docs/ad-state-read.md).
/// </summary>
internal static class AdAccountStateReader
{
    private const int AccountDisabled = 0x2;        // userAccountControl ACCOUNTDISABLE
    private const int LockedOut = 0x10;             // msDS-User-Account-Control-Computed UF_LOCKOUT
    private const int PasswordExpired = 0x800000;   // msDS-User-Account-Control-Computed UF_PASSWORD_EXPIRED

    private static readonly string[] StateAttributes =
    [
        "userAccountControl", "msDS-User-Account-Control-Computed", "badPwdCount", "badPasswordTime", "lockoutTime",
        "pwdLastSet", "accountExpires", "msDS-ResultantPSO", "msDS-UserPasswordExpiryTimeComputed",
    ];

    /// <param name="knownDn">The account's DN from the DN cache, if any: read directly; looked up again when gone.</param>
    public static AccountState Read(AdDirectory directory, AccountName account, string server, string? knownDn = null) =>
        ReadDetailed(directory, account, server, knownDn).State;

    /// <summary>
    /// The state, and whether the lean read (plain attributes only, docs/ad-state-read.md) settled it. The lean read
    /// is tried only when the domain's cached policy set allows it; when the account's plain attributes do not settle
    /// every decision (a failure counted, a lockout time set, expiry too close to call), the full read follows.
    /// </summary>
    public static (AccountState State, bool Lean) ReadDetailed(AdDirectory directory, AccountName account, string server,
        string? knownDn = null)
    {
        if (directory.Cache is not { } cache || LeanReadPolicies(directory) is not { } policies)
        {
            return (ReadFull(directory, account, server, knownDn), false);
        }

        // Stored attributes come back from the look-up itself: an unknown DN costs one search, not two.
        var entry = knownDn is null ? null : directory.ReadAccountAt(knownDn, account, AdLeanAccountState.Attributes);
        entry ??= directory.FindAccount(account, AdLeanAccountState.Attributes);
        if (entry is null)
        {
            return (NotFound(server), true);
        }

        var dn = entry.DistinguishedName;

        return AdLeanAccountState.TryBuild(entry, dn, policies, server, cache.Now) is { } lean
            ? (lean, true)
            : (ReadFull(directory, account, server, dn), false);
    }

    /// <summary>
    /// The domain's policy set (cached per target and DC) when it allows lean reads on this directory; null when reads
    /// must be full (no policy cache, an incomplete set, a policy that locks at the first failure).
    /// </summary>
    public static AdPolicySet? LeanReadPolicies(AdDirectory directory) =>
        directory.Cache is { KeepsPolicies: true } cache
        && cache.PolicySet(directory.Scope, () => AdPolicySetReader.Read(directory)) is { AllowsLeanRead: true } policies
            ? policies
            : null;

    private static (string? Dn, SearchResultEntry? Entry) ReadEntry(AdDirectory directory, AccountName account,
        string? knownDn, string[] attributes)
    {
        var dn = knownDn;
        var entry = dn is null ? null : directory.ReadAccountAt(dn, account, attributes);
        if (entry is null)
        {
            dn = directory.FindAccountDn(account);
            entry = dn is null ? null : directory.ReadEntry(dn, attributes);
        }

        return (dn, entry);
    }

    /// <summary>The state of an account that does not exist (as every read reports it).</summary>
    public static AccountState NotFound(string server) =>
        new(false, false, false, null, 0, null, null, null, false, null, null, server, null);

    /// <summary>The full read (every attribute, constructed ones included), at <paramref name="knownDn"/> when given.</summary>
    public static AccountState ReadFull(AdDirectory directory, AccountName account, string server, string? knownDn)
    {
        // Constructed attributes (the computed flags, the resultant PSO) are only returned by base-scope reads.
        var (dn, entry) = ReadEntry(directory, account, knownDn, StateAttributes);
        if (dn is null || entry is null)
        {
            return NotFound(server);
        }

        var control = AdEntry.Long(entry, "userAccountControl") ?? 0;
        var computed = AdEntry.Long(entry, "msDS-User-Account-Control-Computed") ?? 0;
        var policy = ReadLockoutPolicy(directory, AdEntry.String(entry, "msDS-ResultantPSO"));
        var lockedOut = (computed & LockedOut) != 0;
        var lockoutTime = AdTime.FromFileTime(AdEntry.Long(entry, "lockoutTime"));
        DateTimeOffset? lockedUntil = lockedOut && lockoutTime is not null && policy?.LockoutDuration > TimeSpan.Zero
            ? lockoutTime + policy.LockoutDuration
            : null;
        var pwdLastSet = AdEntry.String(entry, "pwdLastSet");

        return new AccountState(
            Exists: true,
            Enabled: (control & AccountDisabled) == 0,
            LockedOut: lockedOut,
            LockedOutUntil: lockedUntil,
            BadPasswordCount: (int)(AdEntry.Long(entry, "badPwdCount") ?? 0),
            LastBadPasswordTime: AdTime.FromFileTime(AdEntry.Long(entry, "badPasswordTime")),
            LockoutPolicy: policy,
            PasswordLastSetRaw: pwdLastSet,
            MustChangePassword: pwdLastSet == "0" || (computed & PasswordExpired) != 0,
            AccountExpires: AdTime.FromFileTime(AdEntry.Long(entry, "accountExpires")),
            PasswordExpires: AdTime.FromFileTime(AdEntry.Long(entry, "msDS-UserPasswordExpiryTimeComputed")),
            Server: server,
            DistinguishedName: dn);
    }

    /// <summary>
    /// The account's effective lockout policy, or null when it cannot be read: the PSO that applies hidden from the
    /// privileged account (AD's default for non-admins, who still see msDS-ResultantPSO), or the domain head's policy
    /// unreadable. Never the domain's in place of a PSO that applies: the PSO may lock sooner, and a check that
    /// believed the domain's could then lock the account (a null policy makes the gateway skip the bind instead).
    /// </summary>
    public static LockoutPolicy? ReadLockoutPolicy(AdDirectory directory, string? psoDn) =>
        directory.Cache is { } cache
            ? cache.LockoutPolicy(directory.Scope, psoDn, () => ReadLockoutPolicyNow(directory, psoDn))
            : ReadLockoutPolicyNow(directory, psoDn);

    private static LockoutPolicy? ReadLockoutPolicyNow(AdDirectory directory, string? psoDn)
    {
        if (psoDn is not null)
        {
            return directory.ReadEntry(psoDn, "msDS-LockoutThreshold", "msDS-LockoutObservationWindow",
                    "msDS-LockoutDuration") is { } pso && AdEntry.Long(pso, "msDS-LockoutThreshold") is { } threshold
                ? new LockoutPolicy(
                    (int)threshold,
                    AdTime.FromInterval(AdEntry.Long(pso, "msDS-LockoutObservationWindow")),
                    AdTime.FromInterval(AdEntry.Long(pso, "msDS-LockoutDuration")),
                    psoDn)
                : null;
        }

        var domain = directory.ReadEntry(directory.DomainDn(), "lockoutThreshold", "lockOutObservationWindow",
            "lockoutDuration");
        return domain is not null && AdEntry.Long(domain, "lockoutThreshold") is { } domainThreshold
            ? new LockoutPolicy(
                (int)domainThreshold,
                AdTime.FromInterval(AdEntry.Long(domain, "lockOutObservationWindow")),
                AdTime.FromInterval(AdEntry.Long(domain, "lockoutDuration")),
                "domain")
            : null;
    }
}
