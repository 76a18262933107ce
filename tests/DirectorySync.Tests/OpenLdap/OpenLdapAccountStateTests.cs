using PasswordSync.DirectorySync.Connectors;

namespace PasswordSync.DirectorySync.Tests.OpenLdap;

public sealed class OpenLdapAccountStateTests : IDisposable
{
    private readonly SlapdDirectory slapd = SlapdDirectory.Require();
    private readonly OpenLdapTestConnector harness = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_account_reports_its_policy_and_the_raw_pwdChangedTime_of_its_last_reset()
    {
        await using var user = await slapd.CreateUserAsync(SlapdDirectory.NewPassword());
        var fresh = await harness.Connector.GetAccountStateAsync(slapd.Target(), new AccountName(user.Uid), null,
            cancellation);
        // slapd 2.5 sets pwdChangedTime on password changes, not on the add: a fresh account has none.
        Assert.Null(fresh.PasswordLastSetRaw);
        await harness.Connector.ResetAsync(slapd.Target(), new AccountName(user.Uid),
            new Secret(SlapdDirectory.NewPassword()), null, cancellation);

        var state = await harness.Connector.GetAccountStateAsync(slapd.Target(), new AccountName(user.Uid), null,
            cancellation);

        Assert.True(state.Exists);
        Assert.False(state.LockedOut);
        Assert.Equal(0, state.BadPasswordCount);
        Assert.False(state.MustChangePassword);
        Assert.Equal(user.Dn, state.DistinguishedName);
        Assert.NotNull(state.PasswordLastSetRaw);
        Assert.Equal((await slapd.ReadAsync(user.Dn, "pwdChangedTime")).Single(), state.PasswordLastSetRaw);
        Assert.NotNull(state.LockoutPolicy);
        Assert.Equal(slapd.MaxFailure, state.LockoutPolicy.Threshold);
        Assert.Equal(TimeSpan.FromSeconds(300), state.LockoutPolicy.ObservationWindow);
        Assert.Contains("cn=default", state.LockoutPolicy.Source);
    }

    [Fact]
    public async Task Failed_binds_up_to_pwdMaxFailure_lock_the_account_and_the_right_password_then_reports_locked()
    {
        var password = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(password);
        var account = new AccountName(user.Uid);

        var first = await harness.Connector.VerifyAsync(slapd.Target(), account, new Secret("wrong-1"), null, cancellation);
        var afterOne = await harness.Connector.GetAccountStateAsync(slapd.Target(), account, null, cancellation);
        for (var attempt = 2; attempt <= slapd.MaxFailure; attempt++)
        {
            await harness.Connector.VerifyAsync(slapd.Target(), account, new Secret($"wrong-{attempt}"), null,
                cancellation);
        }

        var locked = await harness.Connector.GetAccountStateAsync(slapd.Target(), account, null, cancellation);
        var withRightPassword = await harness.Connector.VerifyAsync(slapd.Target(), account, new Secret(password), null,
            cancellation);

        Assert.Equal(VerifyOutcome.Rejected, first.Outcome);
        Assert.Equal(1, afterOne.BadPasswordCount);
        Assert.False(afterOne.LockedOut);
        Assert.True(locked.LockedOut);
        Assert.Equal(slapd.MaxFailure, locked.BadPasswordCount);
        Assert.NotNull(locked.LockedOutUntil);
        Assert.Single(await slapd.ReadAsync(user.Dn, "pwdAccountLockedTime"));
        Assert.Equal(VerifyOutcome.AccountLocked, withRightPassword.Outcome);
        Assert.False(withRightPassword.PasswordIsCorrect);
    }

    [Fact]
    public async Task An_account_reset_by_an_administrator_verifies_as_correct_but_must_change()
    {
        var password = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(password);
        await slapd.SetMustChangeAsync(user.Dn);

        var verified = await harness.Connector.VerifyAsync(slapd.Target(), new AccountName(user.Uid),
            new Secret(password), null, cancellation);
        var state = await harness.Connector.GetAccountStateAsync(slapd.Target(), new AccountName(user.Uid), null,
            cancellation);

        Assert.Equal(VerifyOutcome.CorrectMustChange, verified.Outcome);
        Assert.True(verified.PasswordIsCorrect);
        Assert.True(state.MustChangePassword);
    }

    [Fact]
    public async Task An_unknown_account_is_reported_as_not_found_by_verify_and_state()
    {
        var account = new AccountName("pwt-absent-" + Guid.NewGuid().ToString("N")[..8]);

        var verified = await harness.Connector.VerifyAsync(slapd.Target(), account, new Secret("whatever-1"), null,
            cancellation);
        var state = await harness.Connector.GetAccountStateAsync(slapd.Target(), account, null, cancellation);

        Assert.Equal(VerifyOutcome.AccountNotFound, verified.Outcome);
        Assert.False(state.Exists);
    }

    public void Dispose() => harness.Dispose();
}
