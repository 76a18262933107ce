using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.ActiveDirectory;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// When the policy set allows a lean read, and the policy it reports then. Pure logic: a threshold-1 PSO cannot be
/// created on the shared test DC without changing every other test's domain.
/// </summary>
public sealed class AdPolicySetTests
{
    private static readonly AdPasswordPolicy Domain = Policy(0, TimeSpan.FromMinutes(30), "domain");

    [Fact]
    public void A_policy_that_locks_at_the_first_failure_forbids_lean_reads()
    {
        Assert.False(new AdPolicySet(Domain, [Policy(1, TimeSpan.FromMinutes(5), "CN=one")], true).AllowsLeanRead);
        Assert.False(new AdPolicySet(Policy(1, TimeSpan.FromMinutes(5), "domain"), [], true).AllowsLeanRead);
        Assert.True(new AdPolicySet(Domain, [Policy(2, TimeSpan.FromMinutes(5), "CN=two")], true).AllowsLeanRead);
    }

    [Fact]
    public void An_incomplete_set_forbids_lean_reads()
    {
        Assert.False(AdPolicySet.Incomplete.AllowsLeanRead);
        Assert.False(new AdPolicySet(Domain, [], Complete: false).AllowsLeanRead);
    }

    [Fact]
    public void Without_psos_the_domain_policy_is_reported_as_it_is()
    {
        Assert.Same(Domain.Lockout, new AdPolicySet(Domain, [], true).ReportedLockout());
    }

    [Fact]
    public void With_psos_the_strictest_of_all_is_reported_and_named_as_such()
    {
        var set = new AdPolicySet(Domain,
            [Policy(5, TimeSpan.FromMinutes(10), "CN=five"), Policy(3, TimeSpan.Zero, "CN=three")], true);

        var reported = set.ReportedLockout();

        Assert.Equal(3, reported.Threshold);
        Assert.Equal(TimeSpan.Zero, reported.LockoutDuration); // zero: until an administrator unlocks, the longest
        Assert.StartsWith("strictest of the domain's and 2 fine-grained policies", reported.Source);
    }

    [Fact]
    public void Maximum_password_age_is_common_only_when_every_policy_agrees()
    {
        var same = new AdPolicySet(Domain with { MaximumPasswordAge = TimeSpan.FromDays(42) },
            [Policy(3, TimeSpan.Zero, "CN=p") with { MaximumPasswordAge = TimeSpan.FromDays(42) }], true);
        var differs = same with { FineGrained = [Policy(3, TimeSpan.Zero, "CN=p") with { MaximumPasswordAge = TimeSpan.FromDays(7) }] };

        Assert.Equal(TimeSpan.FromDays(42), same.CommonMaximumPasswordAge);
        Assert.Null(differs.CommonMaximumPasswordAge);
        Assert.Equal(TimeSpan.FromDays(7), differs.ShortestMaximumPasswordAge);
    }

    private static AdPasswordPolicy Policy(int threshold, TimeSpan duration, string source) =>
        new(new LockoutPolicy(threshold, TimeSpan.FromMinutes(30), duration, source), TimeSpan.Zero);
}
