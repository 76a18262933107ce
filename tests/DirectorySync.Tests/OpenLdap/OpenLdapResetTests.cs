using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.OpenLdap;

namespace PasswordSync.DirectorySync.Tests.OpenLdap;

public sealed class OpenLdapResetTests : IDisposable
{
    private readonly SlapdDirectory slapd = SlapdDirectory.Require();
    private readonly OpenLdapTestConnector harness = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reset_by_uid_then_verify_accepts_the_new_password_and_refuses_the_old()
    {
        var oldPassword = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(oldPassword);
        var newPassword = SlapdDirectory.NewPassword();

        var written = await harness.Connector.ResetAsync(slapd.Target(), new AccountName(user.Uid),
            new Secret(newPassword), null, cancellation);

        Assert.Equal(slapd.Host, written.Server);
        Assert.Equal((await slapd.ReadAsync(user.Dn, "pwdChangedTime")).Single(), written.PasswordLastSetRaw);
        var verified = await harness.Connector.VerifyAsync(slapd.Target(), new AccountName(user.Uid),
            new Secret(newPassword), written.Server, cancellation);
        Assert.Equal(VerifyOutcome.Accepted, verified.Outcome);
        Assert.Equal(slapd.Host, verified.Server);
        var old = await harness.Connector.VerifyAsync(slapd.Target(), new AccountName(user.Uid),
            new Secret(oldPassword), written.Server, cancellation);
        Assert.Equal(VerifyOutcome.Rejected, old.Outcome);
        Assert.True(await slapd.BindsAsync(user.Dn, newPassword));
    }

    [Fact]
    public async Task Reset_by_full_dn_sets_the_password()
    {
        await using var user = await slapd.CreateUserAsync(SlapdDirectory.NewPassword());
        var newPassword = SlapdDirectory.NewPassword();

        await harness.Connector.ResetAsync(slapd.Target(), new AccountName(user.Dn), new Secret(newPassword), null,
            cancellation);

        Assert.True(await slapd.BindsAsync(user.Dn, newPassword));
    }

    [Fact]
    public async Task Reset_of_an_unknown_account_is_account_not_found()
    {
        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ResetAsync(slapd.Target(),
            new AccountName("pwt-nobody-" + Guid.NewGuid().ToString("N")[..6]), new Secret(SlapdDirectory.NewPassword()),
            null, cancellation));

        Assert.Equal(Reason.AccountNotFound, failure.Reason);
        Assert.NotEqual(FailureClass.Transient, failure.FailureClass);
    }

    [Fact]
    public async Task Reset_of_an_unknown_dn_under_the_base_is_account_not_found()
    {
        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ResetAsync(slapd.Target(),
            new AccountName($"uid=pwt-nobody-{Guid.NewGuid():N},{slapd.BaseDn}"),
            new Secret(SlapdDirectory.NewPassword()), null, cancellation));

        Assert.Equal(Reason.AccountNotFound, failure.Reason);
    }

    [Fact]
    public async Task A_successful_reset_logs_one_debug_line_without_the_password_and_nothing_louder()
    {
        await using var user = await slapd.CreateUserAsync(SlapdDirectory.NewPassword());
        var newPassword = SlapdDirectory.NewPassword();

        await harness.Connector.ResetAsync(slapd.Target(), new AccountName(user.Uid), new Secret(newPassword), null,
            cancellation);

        var records = harness.Logs.GetSnapshot();
        var reset = Assert.Single(records, r => r.Id.Id == 3110);
        Assert.Equal(LogLevel.Debug, reset.Level);
        Assert.Contains(user.Dn, reset.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(records, r => r.Level >= LogLevel.Information
            && r.Category == typeof(OpenLdapConnector).FullName);
        Assert.DoesNotContain(newPassword, harness.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_by_an_agent_without_write_access_is_a_permission_failure_and_changes_nothing()
    {
        var password = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(password);
        var target = slapd.Target() with
        {
            PrivilegedAccount = slapd.NoResetDn,
            PrivilegedPassword = new Secret(slapd.NoResetPassword),
        };

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ResetAsync(target,
            new AccountName(user.Uid), new Secret(SlapdDirectory.NewPassword()), null, cancellation));

        Assert.Equal(FailureClass.Permission, failure.FailureClass);
        Assert.Equal(Reason.InsufficientRights, failure.Reason);
        Assert.True(await slapd.BindsAsync(user.Dn, password));
    }

    [Fact]
    public async Task Reset_to_a_too_short_password_is_a_policy_refusal_saying_so_and_changes_nothing()
    {
        var password = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(password);

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ResetAsync(slapd.Target(),
            new AccountName(user.Uid), new Secret("Sh0rt!"), null, cancellation));

        Assert.Equal(FailureClass.Policy, failure.FailureClass);
        Assert.Equal(Reason.PasswordPolicy, failure.Reason);
        Assert.Contains("shorter than the policy's minimum length", failure.Message);
        Assert.True(await slapd.BindsAsync(user.Dn, password));
    }

    [Fact]
    public async Task Reset_with_a_wrong_privileged_password_is_a_privileged_credential_problem_not_transient()
    {
        await using var user = await slapd.CreateUserAsync(SlapdDirectory.NewPassword());
        var target = slapd.Target() with { PrivilegedPassword = new Secret("not-the-agent-password") };

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ResetAsync(target,
            new AccountName(user.Uid), new Secret(SlapdDirectory.NewPassword()), null, cancellation));

        Assert.Equal(Reason.PrivilegedCredentials, failure.Reason);
        Assert.Equal(FailureClass.Configuration, failure.FailureClass);
    }

    [Fact]
    public async Task Empty_passwords_are_refused_before_any_bind()
    {
        await using var user = await slapd.CreateUserAsync(SlapdDirectory.NewPassword());

        var verify = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.VerifyAsync(slapd.Target(),
            new AccountName(user.Dn), new Secret(string.Empty), null, cancellation));
        var reset = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ResetAsync(slapd.Target(),
            new AccountName(user.Dn), new Secret(string.Empty), null, cancellation));

        // An empty simple bind would be an anonymous bind that "succeeds".
        Assert.Equal(Reason.InvalidArgument, verify.Reason);
        Assert.Equal(Reason.InvalidArgument, reset.Reason);
        Assert.Empty(await slapd.ReadAsync(user.Dn, "pwdFailureTime"));
    }

    public void Dispose() => harness.Dispose();
}
