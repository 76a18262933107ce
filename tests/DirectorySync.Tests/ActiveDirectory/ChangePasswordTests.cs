using PasswordSync.Directory.V1;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>Changes as the account itself, and the domain policy's refusals (real Samba DC).</summary>
public sealed class ChangePasswordTests : IAsyncLifetime
{
    private readonly DirectorySyncHost host = new();
    private readonly List<string> secrets = [SambaDomain.AdminPassword];

    [Fact]
    public async Task Change_with_the_right_old_password_sets_the_new_one()
    {
        var user = SambaDomain.CreateUser();
        var newPassword = SambaDomain.NewPassword();
        secrets.AddRange([user.Password, newPassword]);

        var reply = await host.Client.ChangePasswordAsync(new ChangePasswordRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
            OldPassword = user.Password,
            NewPassword = newPassword,
            VerifyAfterWrite = true,
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(VerifyOutcome.Accepted, reply.Verification.Outcome);
        Assert.False(reply.SettledByVerify);
        Assert.Equal(SambaDomain.Read(user.Dn, "pwdLastSet"), reply.PasswordLastSetRaw);
        Assert.True(SambaDomain.CanBind(user.Dn, newPassword));
    }

    [Fact]
    public async Task Change_with_a_wrong_old_password_is_refused_and_changes_nothing()
    {
        var user = SambaDomain.CreateUser();
        var wrongOld = SambaDomain.NewPassword();
        var newPassword = SambaDomain.NewPassword();
        secrets.AddRange([user.Password, wrongOld, newPassword]);
        var pwdLastSet = SambaDomain.Read(user.Dn, "pwdLastSet");

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.ChangePasswordAsync(
            new ChangePasswordRequest
            {
                Target = SambaDomain.Target(),
                Account = user.Name,
                OldPassword = wrongOld,
                NewPassword = newPassword,
            }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("INVALID_CREDENTIALS", error.GetReason());
        Assert.Contains("old password", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(pwdLastSet, SambaDomain.Read(user.Dn, "pwdLastSet"));
        Assert.False(SambaDomain.CanBind(user.Dn, newPassword));
        // A refused credential is never retried: retries lock accounts.
        Assert.Equal(0, host.Logs.Count(DirectorySyncHost.RetryEventId));
    }

    [Fact]
    public async Task Change_back_to_a_recent_password_is_refused_by_history_with_the_policy_reason()
    {
        var user = SambaDomain.CreateUser();
        var second = SambaDomain.NewPassword();
        secrets.AddRange([user.Password, second]);
        await host.Client.ChangePasswordAsync(new ChangePasswordRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
            OldPassword = user.Password,
            NewPassword = second,
        }, cancellationToken: TestContext.Current.CancellationToken);

        // Admin resets skip history; a change as the user does not.
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.ChangePasswordAsync(
            new ChangePasswordRequest
            {
                Target = SambaDomain.Target(),
                Account = user.Name,
                OldPassword = second,
                NewPassword = user.Password,
            }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("PASSWORD_POLICY", error.GetReason());
        Assert.Contains("history", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.True(SambaDomain.CanBind(user.Dn, second));
        Assert.Equal(0, host.Logs.Count(DirectorySyncHost.RetryEventId));
    }

    [Fact]
    public async Task Reset_to_a_too_short_password_is_refused_with_the_policy_reason()
    {
        var user = SambaDomain.CreateUser();
        secrets.Add(user.Password);
        var pwdLastSet = SambaDomain.Read(user.Dn, "pwdLastSet");

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.ResetPasswordAsync(
            new ResetPasswordRequest { Target = SambaDomain.Target(), Account = user.Name, NewPassword = "aB1!" },
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("PASSWORD_POLICY", error.GetReason());
        Assert.Equal(pwdLastSet, SambaDomain.Read(user.Dn, "pwdLastSet"));
        Assert.Equal(0, host.Logs.Count(DirectorySyncHost.RetryEventId));
    }

    [Fact]
    public async Task Must_change_account_is_reported_as_correct_must_change_and_can_be_changed()
    {
        var user = SambaDomain.CreateUser(mustChange: true);
        var newPassword = SambaDomain.NewPassword();
        var wrong = SambaDomain.NewPassword();
        secrets.AddRange([user.Password, newPassword, wrong]);

        var verify = await host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
            Password = user.Password,
        }, cancellationToken: TestContext.Current.CancellationToken);
        var wrongVerify = await host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
            Password = wrong,
        }, cancellationToken: TestContext.Current.CancellationToken);
        var state = await host.Client.GetAccountStateAsync(new GetAccountStateRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(VerifyOutcome.CorrectMustChange, verify.Outcome);
        Assert.True(verify.PasswordCorrect);
        Assert.Equal(VerifyOutcome.Rejected, wrongVerify.Outcome);
        Assert.True(state.MustChangePassword);
        Assert.Equal("0", state.PasswordLastSetRaw);

        var change = await host.Client.ChangePasswordAsync(new ChangePasswordRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
            OldPassword = user.Password,
            NewPassword = newPassword,
            VerifyAfterWrite = true,
        }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(VerifyOutcome.Accepted, change.Verification.Outcome);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        host.Logs.AssertNoneContains(secrets);
        await host.DisposeAsync();
    }
}
