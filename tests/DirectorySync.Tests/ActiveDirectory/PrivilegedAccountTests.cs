using PasswordSync.Directory.V1;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>The target's own credential and rights: wrong password, an account without the reset right, TestTarget.</summary>
public sealed class PrivilegedAccountTests : IAsyncLifetime
{
    private readonly DirectorySyncHost host = new();
    private readonly List<string> secrets = [SambaDomain.AdminPassword, SambaDomain.DelegatePassword];

    [Fact]
    public async Task Wrong_privileged_password_is_a_target_problem_and_not_retried()
    {
        var user = SambaDomain.CreateUser();
        var wrong = SambaDomain.NewPassword();
        secrets.AddRange([user.Password, wrong]);
        var target = SambaDomain.Target();
        target.PrivilegedPassword = wrong;

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.VerifyPasswordAsync(
            new VerifyPasswordRequest { Target = target, Account = user.Name, Password = user.Password },
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("PRIVILEGED_CREDENTIALS", error.GetReason());
        Assert.Contains("privileged", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, host.Logs.Count(DirectorySyncHost.RetryEventId));
    }

    [Fact]
    public async Task Account_without_the_reset_right_is_refused_and_test_target_says_so()
    {
        var user = SambaDomain.CreateUser();
        var newPassword = SambaDomain.NewPassword();
        secrets.AddRange([user.Password, newPassword]);
        var target = SambaDomain.Target();
        target.PrivilegedAccount = SambaDomain.DelegateUser;
        target.PrivilegedPassword = SambaDomain.DelegatePassword;
        var pwdLastSet = SambaDomain.Read(user.Dn, "pwdLastSet");

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.ResetPasswordAsync(
            new ResetPasswordRequest { Target = target, Account = user.Name, NewPassword = newPassword },
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        var test = await host.Client.TestTargetAsync(new TestTargetRequest { Target = target },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("INSUFFICIENT_RIGHTS", error.GetReason());
        Assert.Equal(pwdLastSet, SambaDomain.Read(user.Dn, "pwdLastSet"));
        var right = Assert.Single(test.Checks, c => c.Name.StartsWith("Right to reset", StringComparison.Ordinal));
        Assert.Equal(CheckStatus.Failed, right.Status);
        Assert.Contains("Reset password", right.Remedy, StringComparison.Ordinal);
        Assert.False(test.Passed);
        Assert.Contains(test.Checks, c => c.Name.StartsWith("Privileged bind", StringComparison.Ordinal)
            && c.Status == CheckStatus.Passed);
        // The delegated account sees no PSO: said, with what to grant (docs/ad-state-read.md).
        var psos = Assert.Single(test.Checks, c => c.Name == "Fine-grained password policies readable");
        Assert.Equal(CheckStatus.Warning, psos.Status);
        Assert.Contains("Password Settings Container", psos.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_target_with_the_admin_passes_every_check()
    {
        SambaDomain.CreateUser(); // an account to check the reset right on

        var test = await host.Client.TestTargetAsync(new TestTargetRequest { Target = SambaDomain.Target() },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(test.Passed, string.Join("\n", test.Checks.Select(c => $"{c.Name}: {c.Status} {c.Detail}")));
        foreach (var expected in new[] { "TCP reachability", "TLS trust and name", "Privileged bind", "Base DN",
                     "Right to reset", "Domain password policy", "Fine-grained password policies readable", "PDC emulator" })
        {
            Assert.Contains(test.Checks, c => c.Name.StartsWith(expected, StringComparison.Ordinal)
                && c.Status == CheckStatus.Passed);
        }
    }

    [Fact]
    public async Task Test_target_with_a_wrong_privileged_password_fails_the_bind_check_with_a_remedy()
    {
        var wrong = SambaDomain.NewPassword();
        secrets.Add(wrong);
        var target = SambaDomain.Target();
        target.PrivilegedPassword = wrong;

        var test = await host.Client.TestTargetAsync(new TestTargetRequest { Target = target },
            cancellationToken: TestContext.Current.CancellationToken);

        var bind = Assert.Single(test.Checks, c => c.Name.StartsWith("Privileged bind", StringComparison.Ordinal));
        Assert.Equal(CheckStatus.Failed, bind.Status);
        Assert.NotEmpty(bind.Remedy);
        Assert.False(test.Passed);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        host.Logs.AssertNoneContains(secrets);
        await host.DisposeAsync();
    }
}
