using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;

namespace PasswordSync.DirectorySync.Tests.OpenLdap;

public sealed class OpenLdapChangeTests : IDisposable
{
    private readonly SlapdDirectory slapd = SlapdDirectory.Require();
    private readonly OpenLdapTestConnector harness = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Change_with_the_right_old_password_sets_the_new_one()
    {
        var oldPassword = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(oldPassword);
        var newPassword = SlapdDirectory.NewPassword();

        var written = await harness.Connector.ChangeAsync(slapd.Target(), new AccountName(user.Uid),
            new Secret(oldPassword), new Secret(newPassword), null, cancellation);

        Assert.Equal(slapd.Host, written.Server);
        Assert.NotNull(written.PasswordLastSetRaw);
        Assert.True(await slapd.BindsAsync(user.Dn, newPassword));
        Assert.False(await slapd.BindsAsync(user.Dn, oldPassword));
    }

    [Fact]
    public async Task Change_with_a_wrong_old_password_is_a_credential_failure_and_changes_nothing()
    {
        var password = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(password);

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ChangeAsync(slapd.Target(),
            new AccountName(user.Dn), new Secret("wrong-old-password"), new Secret(SlapdDirectory.NewPassword()), null,
            cancellation));

        Assert.Equal(FailureClass.Credential, failure.FailureClass);
        Assert.Equal(Reason.InvalidCredentials, failure.Reason);
        Assert.True(await slapd.BindsAsync(user.Dn, password));
    }

    [Fact]
    public async Task Change_back_to_a_recent_password_is_a_policy_refusal_for_history()
    {
        var first = SlapdDirectory.NewPassword();
        var second = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(first);
        await harness.Connector.ChangeAsync(slapd.Target(), new AccountName(user.Uid), new Secret(first),
            new Secret(second), null, cancellation);

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ChangeAsync(slapd.Target(),
            new AccountName(user.Uid), new Secret(second), new Secret(first), null, cancellation));

        Assert.Equal(FailureClass.Policy, failure.FailureClass);
        Assert.Equal(Reason.PasswordPolicy, failure.Reason);
        Assert.Contains("password history", failure.Message);
        Assert.True(await slapd.BindsAsync(user.Dn, second));
    }

    [Fact]
    public async Task Change_to_a_too_short_password_is_a_policy_refusal_for_length()
    {
        var password = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(password);

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ChangeAsync(slapd.Target(),
            new AccountName(user.Uid), new Secret(password), new Secret("abc"), null, cancellation));

        Assert.Equal(FailureClass.Policy, failure.FailureClass);
        Assert.Contains("minimum length", failure.Message);
        Assert.True(await slapd.BindsAsync(user.Dn, password));
    }

    [Fact]
    public async Task A_second_change_within_the_minimum_age_is_a_policy_refusal_for_age()
    {
        var first = SlapdDirectory.NewPassword();
        var second = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(first);
        await slapd.AssignPolicyAsync(user.Dn, slapd.MinimumAgePolicyDn);
        await harness.Connector.ChangeAsync(slapd.Target(), new AccountName(user.Uid), new Secret(first),
            new Secret(second), null, cancellation);

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ChangeAsync(slapd.Target(),
            new AccountName(user.Uid), new Secret(second), new Secret(SlapdDirectory.NewPassword()), null, cancellation));
        var state = await harness.Connector.GetAccountStateAsync(slapd.Target(), new AccountName(user.Uid), null,
            cancellation);

        Assert.Equal(FailureClass.Policy, failure.FailureClass);
        Assert.Contains("changed too recently", failure.Message);
        Assert.True(await slapd.BindsAsync(user.Dn, second));
        // The account's own policy (no lockout) is the one reported, not the default.
        Assert.NotNull(state.LockoutPolicy);
        Assert.Contains("minimum-age", state.LockoutPolicy.Source);
        Assert.Contains("pwdPolicySubentry", state.LockoutPolicy.Source);
        Assert.Equal(0, state.LockoutPolicy.Threshold);
    }

    public void Dispose() => harness.Dispose();
}
