namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>One password policy of the domain: the domain's own, or a fine-grained one (a PSO).</summary>
/// <param name="MaximumPasswordAge">Zero when passwords never expire under this policy.</param>
internal sealed record AdPasswordPolicy(LockoutPolicy Lockout, TimeSpan MaximumPasswordAge);

/// <summary>
/// Every policy that could apply to an account of the domain: the domain's and all its PSOs. Lets a state read skip
/// the per-account constructed attributes (msDS-ResultantPSO and the computed flags) when the decision they feed
/// cannot depend on which of these policies applies (see docs/ad-state-read.md).
/// </summary>
/// <param name="Complete">
/// False when some of the set could not be read (no domain policy, the Password Settings Container hidden from the
/// privileged account, a PSO without its settings): a partial set proves nothing, so reads are full.
/// </param>
internal sealed record AdPolicySet(AdPasswordPolicy? Domain, IReadOnlyList<AdPasswordPolicy> FineGrained, bool Complete)
{
    public static AdPolicySet Incomplete { get; } = new(null, [], false);

    private IEnumerable<AdPasswordPolicy> All => Domain is null ? FineGrained : FineGrained.Prepend(Domain);

    /// <summary>
    /// True when an account with no failed logon can never be at risk under any policy of the set: a policy that
    /// locks at the FIRST failure (threshold 1) is the only one where zero counted failures reaches threshold - 1.
    /// </summary>
    public bool AllowsLeanRead => Complete && Domain is not null && All.All(p => p.Lockout.Threshold is <= 0 or >= 2);

    /// <summary>
    /// The policy to report when the account's own was not read: the domain's when there is no PSO (then it IS the
    /// account's), otherwise the strictest of all in every respect (lowest threshold, longest window and lockout),
    /// named as such so no message presents it as the account's own.
    /// </summary>
    public LockoutPolicy ReportedLockout()
    {
        if (FineGrained.Count == 0)
        {
            return Domain!.Lockout;
        }

        var locking = All.Select(p => p.Lockout).Where(l => l.Threshold > 0).ToList();
        var source = $"strictest of the domain's and {FineGrained.Count} fine-grained polic"
            + (FineGrained.Count == 1 ? "y" : "ies") + " (the account's own was not read: none could lock it at the "
            + "next failure)";
        if (locking.Count == 0)
        {
            return new LockoutPolicy(0, TimeSpan.Zero, TimeSpan.Zero, source);
        }

        // Zero lockout duration means "until an administrator unlocks": the longest of all.
        var duration = locking.Any(l => l.LockoutDuration == TimeSpan.Zero)
            ? TimeSpan.Zero
            : locking.Max(l => l.LockoutDuration);
        return new LockoutPolicy(locking.Min(l => l.Threshold), locking.Max(l => l.ObservationWindow), duration, source);
    }

    /// <summary>The maximum password age every policy agrees on (zero: never expires), or null when they differ.</summary>
    public TimeSpan? CommonMaximumPasswordAge =>
        All.Select(p => p.MaximumPasswordAge).Distinct().ToList() is [var only] ? only : null;

    /// <summary>The shortest maximum age among the policies whose passwords expire; null when none expire.</summary>
    public TimeSpan? ShortestMaximumPasswordAge =>
        All.Where(p => p.MaximumPasswordAge > TimeSpan.Zero).Select(p => (TimeSpan?)p.MaximumPasswordAge).Min();
}
