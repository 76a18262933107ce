using PasswordSync.Directory.V1;
using PasswordSync.Gateway.Reconciliation;

namespace PasswordSync.Gateway.Tests.Reconciliation;

/// <summary>The reconciler's no-lockout rule: the same as the checks', a missing lockout policy included.</summary>
public sealed class LockoutRiskTests
{
    [Fact]
    public void A_state_without_a_lockout_policy_is_a_risk_unless_the_target_is_known_not_to_lock()
    {
        var state = new AccountState { Exists = true, Enabled = true, BadPasswordCount = 0 };

        var refused = LockoutRisk.WhyNotBind(state, bindWhenPolicyUnknown: false);

        Assert.NotNull(refused);
        Assert.Contains("did not report a lockout policy", refused, StringComparison.Ordinal);
        Assert.Contains("BindWhenLockoutPolicyUnknown", refused, StringComparison.Ordinal);
        Assert.Null(LockoutRisk.WhyNotBind(state, bindWhenPolicyUnknown: true));
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(3, 0, true)]
    [InlineData(3, 1, true)]
    [InlineData(3, 2, false)]
    [InlineData(1, 0, false)]
    public void One_more_failure_must_not_reach_the_threshold(int threshold, int failures, bool bindAllowed)
    {
        var state = new AccountState
        {
            Exists = true,
            Enabled = true,
            BadPasswordCount = failures,
            LockoutPolicy = new LockoutPolicy { Threshold = threshold, Source = "domain" },
        };

        Assert.Equal(bindAllowed, LockoutRisk.WhyNotBind(state, bindWhenPolicyUnknown: false) is null);
    }

    [Fact]
    public void A_locked_account_is_never_bound()
    {
        var state = new AccountState
        {
            Exists = true,
            LockedOut = true,
            LockoutPolicy = new LockoutPolicy { Threshold = 0, Source = "domain" },
        };

        Assert.Equal("the account is locked out", LockoutRisk.WhyNotBind(state, bindWhenPolicyUnknown: true));
    }
}
