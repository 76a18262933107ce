using Google.Protobuf.WellKnownTypes;
using PasswordSync.Directory.V1;
using PasswordSync.Gateway.Sync.Checks;

namespace PasswordSync.Gateway.Tests.Checks;

/// <summary>
/// The lockout-risk rule on its own (no server needed): which failures count, and that doubt always means "skip".
/// The real DC proves the rule end to end in <see cref="StoredPasswordCheckTests"/>.
/// </summary>
public sealed class CheckLockoutRiskTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly CheckOptions Options = new() { ClockSkewAllowance = TimeSpan.FromMinutes(5) };

    [Theory]
    [InlineData(0, 3, false)]
    [InlineData(1, 3, false)]
    [InlineData(2, 3, true)]
    [InlineData(5, 3, true)]
    [InlineData(0, 1, true)] // one failure locks it: no unknown password may be tried at all
    [InlineData(9, 0, false)] // threshold 0: accounts never lock
    public void One_more_failure_reaching_the_threshold_is_a_risk(int failures, int threshold, bool risky)
    {
        var state = State(failures, threshold, lastFailure: Now.AddMinutes(-1));

        Assert.Equal(risky, CheckLockoutRisk.Assess(state, Now, Options) is not null);
    }

    [Fact]
    public void Failures_older_than_the_window_plus_the_skew_allowance_no_longer_count()
    {
        var old = State(2, 3, lastFailure: Now.AddMinutes(-36)); // window 30 + allowance 5 < 36

        Assert.Null(CheckLockoutRisk.Assess(old, Now, Options));
    }

    [Fact]
    public void Failures_just_outside_the_window_but_within_the_skew_allowance_still_count()
    {
        var borderline = State(2, 3, lastFailure: Now.AddMinutes(-33));

        var risk = CheckLockoutRisk.Assess(borderline, Now, Options);

        Assert.NotNull(risk);
        Assert.Equal(LockoutRisk.Risk, risk.ReasonCode);
        Assert.Contains("locks at 3", risk.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_count_without_a_failure_time_is_taken_as_it_is()
    {
        Assert.NotNull(CheckLockoutRisk.Assess(State(2, 3, lastFailure: null), Now, Options));
    }

    [Fact]
    public void An_unreported_lockout_policy_is_a_risk_unless_configured_otherwise()
    {
        var state = new AccountState { Exists = true, Enabled = true, Server = "host" };

        var risk = CheckLockoutRisk.Assess(state, Now, Options);
        var allowed = CheckLockoutRisk.Assess(state, Now, new CheckOptions { BindWhenLockoutPolicyUnknown = true });

        Assert.Equal(LockoutRisk.PolicyUnknown, risk?.ReasonCode);
        Assert.Null(allowed);
    }

    private static AccountState State(int failures, int threshold, DateTimeOffset? lastFailure) => new()
    {
        Exists = true,
        Enabled = true,
        BadPasswordCount = failures,
        LastBadPasswordTime = lastFailure is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        LockoutPolicy = new LockoutPolicy
        {
            Threshold = threshold,
            ObservationWindow = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)),
            Source = "test",
        },
        Server = "dc1:636",
    };
}
