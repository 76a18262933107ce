using System.DirectoryServices.Protocols;
using PasswordSync.DirectorySync.Connectors.ActiveDirectory;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// The lean AD state read (docs/ad-state-read.md) against the real Samba DC: it asks only for the plain attributes when
/// they settle the state, reports exactly what the full read reports, and falls back to the full read whenever a
/// decision depends on the account's own policy or the DC's computed flags. The test DC has one PSO (threshold 3,
/// applied to the lockout group) and a domain without lockout.
/// </summary>
public sealed class LeanStateReadTests : IDisposable
{
    private static readonly string[] ConstructedAttributes =
        ["msDS-User-Account-Control-Computed", "msDS-ResultantPSO", "msDS-UserPasswordExpiryTimeComputed"];

    private readonly LeanStateReadRig rig = new();
    private readonly List<string> createdDns = [];

    [Fact]
    public void Fresh_account_reads_lean_from_six_plain_attributes_and_matches_the_full_read()
    {
        var user = Create();
        rig.Read(Create().Name); // reads the policy set, so what follows is the account's read alone
        rig.Sent.Clear();

        var (lean, isLean) = rig.Read(user.Name);
        var sentWithoutDn = rig.Sent.ToList();
        rig.Sent.Clear();
        var (leanAtDn, isLeanAtDn) = rig.Read(user.Name, user.Dn);
        var sentWithDn = rig.Sent.ToList();
        var full = rig.ReadFull(user.Name);

        Assert.True(isLean);
        Assert.True(isLeanAtDn);
        // DN unknown: the look-up itself brings the stored attributes back (one subtree search, domain scope).
        var lookUp = Assert.Single(sentWithoutDn);
        Assert.Equal(SearchScope.Subtree, lookUp.Scope);
        Assert.Contains(lookUp.Controls.Cast<DirectoryControl>(), c => c.Type == AdDirectory.DomainScope().Type);
        Assert.Equal(AdLeanAccountState.Attributes.Append("userPrincipalName").Order(), lookUp.Attributes.Cast<string>().Order());
        // DN known: one base read of the six stored attributes, nothing constructed.
        var baseRead = Assert.Single(sentWithDn);
        Assert.Equal(SearchScope.Base, baseRead.Scope);
        Assert.Equal(AdLeanAccountState.Attributes.Order(), baseRead.Attributes.Cast<string>().Order());
        Assert.Empty(baseRead.Attributes.Cast<string>().Intersect(ConstructedAttributes));
        Assert.Equal(6, AdLeanAccountState.Attributes.Length);
        // Every field the full read reports, except the policy (the account's own there, the strictest here).
        Assert.Equal(full with { LockoutPolicy = null }, lean with { LockoutPolicy = null });
        Assert.Equal(lean, leanAtDn);
        Assert.NotNull(lean.PasswordExpires);
        Assert.Equal("domain", full.LockoutPolicy!.Source);
        Assert.Equal(SambaDomain.LockoutThreshold, lean.LockoutPolicy!.Threshold);
        Assert.StartsWith("strictest of the domain's and 1 fine-grained policy", lean.LockoutPolicy.Source);
    }

    [Fact]
    public void Derived_password_expiry_is_the_dcs_computed_value()
    {
        var user = Create();

        var (state, isLean) = rig.Read(user.Name);
        var computed = long.Parse(SambaDomain.Read(user.Dn, "msDS-UserPasswordExpiryTimeComputed")!);

        Assert.True(isLean);
        Assert.Equal(DateTimeOffset.FromFileTime(computed).ToUniversalTime(), state.PasswordExpires);
        Assert.False(state.MustChangePassword);
    }

    [Fact]
    public void Account_under_the_pso_with_one_failure_reads_full_with_its_own_threshold()
    {
        var user = Create(inLockoutGroup: true);
        Assert.False(SambaDomain.CanBind(user.Dn, SambaDomain.NewPassword()));

        var (state, isLean) = rig.Read(user.Name);

        Assert.False(isLean);
        Assert.Contains(rig.RequestedAttributeLists, attributes => attributes.Contains("msDS-ResultantPSO"));
        Assert.Equal(1, state.BadPasswordCount);
        Assert.Equal(SambaDomain.LockoutThreshold, state.LockoutPolicy!.Threshold);
        Assert.Equal(SambaDomain.LockoutPsoDn, state.LockoutPolicy.Source, ignoreCase: true);
        Assert.False(state.LockedOut);
    }

    [Fact]
    public void Locked_account_reads_full_and_locked_out()
    {
        var user = Create(inLockoutGroup: true);
        for (var i = 0; i < SambaDomain.LockoutThreshold; i++)
        {
            Assert.False(SambaDomain.CanBind(user.Dn, SambaDomain.NewPassword()));
        }

        var (state, isLean) = rig.Read(user.Name);

        Assert.False(isLean);
        Assert.True(state.LockedOut);
        Assert.NotNull(state.LockedOutUntil);
        Assert.NotEqual("0", SambaDomain.Read(user.Dn, "lockoutTime") ?? "0");
    }

    [Fact]
    public void Disabled_account_reads_lean_and_disabled()
    {
        var user = Create(enabled: false);

        var (state, isLean) = rig.Read(user.Name);

        Assert.True(isLean);
        Assert.True(state.Exists);
        Assert.False(state.Enabled);
        Assert.False(rig.ReadFull(user.Name).Enabled);
    }

    [Fact]
    public void Account_that_must_change_its_password_reads_lean_and_must_change()
    {
        var user = Create(mustChange: true);

        var (state, isLean) = rig.Read(user.Name);
        var full = rig.ReadFull(user.Name);

        Assert.True(isLean);
        Assert.True(state.MustChangePassword);
        Assert.Equal("0", state.PasswordLastSetRaw);
        Assert.Null(state.PasswordExpires);
        Assert.Equal(full with { LockoutPolicy = null }, state with { LockoutPolicy = null });
    }

    [Fact]
    public void Account_whose_password_never_expires_reads_lean_without_an_expiry()
    {
        var user = Create();
        using (var admin = SambaDomain.BoundConnection(SambaDomain.AdminUser, SambaDomain.AdminPassword))
        {
            admin.SendRequest(new ModifyRequest(user.Dn, DirectoryAttributeOperation.Replace, "userAccountControl",
                (0x200 | 0x10000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var (state, isLean) = rig.Read(user.Name);
        var full = rig.ReadFull(user.Name);

        Assert.True(isLean);
        Assert.Null(state.PasswordExpires);
        Assert.False(state.MustChangePassword);
        Assert.Equal(full with { LockoutPolicy = null }, state with { LockoutPolicy = null });
    }

    [Fact]
    public void Password_near_or_past_its_maximum_age_reads_full()
    {
        var user = Create();
        var (fresh, _) = rig.Read(user.Name);
        var expires = fresh.PasswordExpires!.Value;

        rig.Clock.SetUtcNow(expires - AdLeanAccountState.ExpiryMargin / 2);
        var (_, nearIsLean) = rig.Read(user.Name);
        rig.Clock.SetUtcNow(expires + TimeSpan.FromDays(1));
        var (_, pastIsLean) = rig.Read(user.Name);

        Assert.False(nearIsLean);
        Assert.False(pastIsLean);
    }

    [Fact]
    public void Policy_set_is_read_once_per_cache_time_then_again()
    {
        var first = Create();
        var second = Create();

        rig.Read(first.Name);
        rig.Read(second.Name);
        var withinCacheTime = rig.PolicySetSearches;
        rig.Clock.Advance(LeanStateReadRig.CacheTime);
        var (_, isLean) = rig.Read(first.Name);

        Assert.Equal(1, withinCacheTime);
        Assert.Equal(2, rig.PolicySetSearches);
        Assert.True(isLean);
    }

    [Fact]
    public void Privileged_account_that_cannot_see_the_psos_reads_full_and_never_takes_the_domain_policy_for_the_pso()
    {
        // The delegated account sees the Password Settings Container's name and the account's msDS-ResultantPSO, but
        // none of the PSOs: "no PSO" would be a guess, so every read is full; and the PSO that applies, unreadable,
        // is reported as an unknown policy (the gateway then skips the bind), not as the domain's (no lockout here).
        var user = Create(inLockoutGroup: true);
        using var delegated = new LeanStateReadRig(SambaDomain.DelegateUser, SambaDomain.DelegatePassword);

        var (state, isLean) = delegated.Read(user.Name);
        var asAdmin = rig.ReadFull(user.Name);

        Assert.False(isLean);
        Assert.True(state.Exists);
        Assert.Equal(0, delegated.PolicySetSearches);
        Assert.Contains(delegated.RequestedAttributeLists, attributes => attributes.Contains("msDS-ResultantPSO"));
        Assert.Null(state.LockoutPolicy);
        Assert.Equal(SambaDomain.LockoutPsoDn, asAdmin.LockoutPolicy!.Source, ignoreCase: true);
    }

    [Fact]
    public void Privileged_account_that_cannot_see_the_psos_still_reads_the_domain_policy_of_accounts_outside_them()
    {
        var user = Create();
        using var delegated = new LeanStateReadRig(SambaDomain.DelegateUser, SambaDomain.DelegatePassword);

        var (state, isLean) = delegated.Read(user.Name);

        Assert.False(isLean);
        Assert.Equal("domain", state.LockoutPolicy!.Source);
    }

    [Fact]
    public void Unknown_account_reads_as_missing()
    {
        var (state, _) = rig.Read("leannobody" + Guid.NewGuid().ToString("N")[..8]);

        Assert.False(state.Exists);
        Assert.Null(state.DistinguishedName);
    }

    public void Dispose()
    {
        rig.Dispose();
        foreach (var dn in createdDns)
        {
            SambaDomain.Delete(dn);
        }
    }

    private TestUser Create(bool enabled = true, bool mustChange = false, bool inLockoutGroup = false)
    {
        var user = SambaDomain.CreateUser(enabled: enabled, mustChange: mustChange, inLockoutGroup: inLockoutGroup,
            prefix: "lean");
        createdDns.Add(user.Dn);
        return user;
    }
}
