using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;

namespace PasswordSync.DirectorySync.Tests.Ssh;

public sealed class LinuxSshResetTests : IDisposable
{
    private readonly SshdHost sshd = SshdHost.Require();
    private readonly SshTestConnectors connectors = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reset_then_verify_accepts_the_new_password_and_refuses_the_old()
    {
        var oldPassword = SshdHost.NewPassword();
        var newPassword = SshdHost.NewPassword();
        await using var user = await SshdHost.CreateUserAsync(oldPassword);

        var written = await connectors.Linux.ResetAsync(sshd.Target(), new AccountName(user.Name),
            new Secret(newPassword), null, cancellation);
        var verified = await connectors.Linux.VerifyAsync(sshd.Target(), new AccountName(user.Name),
            new Secret(newPassword), written.Server, cancellation);
        var old = await connectors.Linux.VerifyAsync(sshd.Target(), new AccountName(user.Name),
            new Secret(oldPassword), written.Server, cancellation);

        Assert.Equal(sshd.Host, written.Server);
        Assert.Equal((await SshdHost.ShadowAsync(user.Name))[2], written.PasswordLastSetRaw);
        Assert.Equal(VerifyOutcome.Accepted, verified.Outcome);
        Assert.Equal(VerifyOutcome.Rejected, old.Outcome);
        Assert.True(await sshd.LogsInAsync(user.Name, newPassword));
    }

    [Fact]
    public async Task The_password_never_appears_on_a_command_line_of_the_privileged_user()
    {
        var newPassword = SshdHost.NewPassword();
        await using var user = await SshdHost.CreateUserAsync(SshdHost.NewPassword());

        await connectors.Linux.ResetAsync(sshd.Target(), new AccountName(user.Name), new Secret(newPassword), null,
            cancellation);

        var recorded = await sshd.ReadArgvLogAsync();
        // The recorder saw this reset (so it works), and nothing it saw holds the password.
        Assert.Contains("sudo: [-n] [/usr/sbin/chpasswd]", recorded);
        Assert.Contains($"shell: [-c] [getent passwd {user.Name}]", recorded);
        Assert.DoesNotContain(newPassword, recorded);
        Assert.True(await sshd.LogsInAsync(user.Name, newPassword));
    }

    [Fact]
    public async Task Reset_and_verify_of_an_unknown_user_say_the_account_does_not_exist()
    {
        var account = new AccountName("pwtnobody" + Random.Shared.Next(100, 999));

        var reset = await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.ResetAsync(sshd.Target(),
            account, new Secret(SshdHost.NewPassword()), null, cancellation));
        var verified = await connectors.Linux.VerifyAsync(sshd.Target(), account, new Secret(SshdHost.NewPassword()),
            null, cancellation);

        Assert.Equal(Reason.AccountNotFound, reset.Reason);
        Assert.Equal(VerifyOutcome.AccountNotFound, verified.Outcome);
    }

    [Fact]
    public async Task A_privileged_user_without_the_sudo_right_gets_a_permission_failure_and_nothing_changes()
    {
        var password = SshdHost.NewPassword();
        await using var user = await SshdHost.CreateUserAsync(password);
        var target = sshd.Target() with
        {
            PrivilegedAccount = sshd.NoSudoUser,
            PrivilegedPassword = new Secret(sshd.NoSudoPassword),
        };

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.ResetAsync(target,
            new AccountName(user.Name), new Secret(SshdHost.NewPassword()), null, cancellation));

        Assert.Equal(FailureClass.Permission, failure.FailureClass);
        Assert.Equal(Reason.InsufficientRights, failure.Reason);
        Assert.Contains("NOPASSWD", failure.Message);
        Assert.True(await sshd.LogsInAsync(user.Name, password));
    }

    [Fact]
    public async Task A_wrong_privileged_password_is_a_privileged_credential_problem()
    {
        await using var user = await SshdHost.CreateUserAsync(SshdHost.NewPassword());
        var target = sshd.Target() with { PrivilegedPassword = new Secret("not-the-admin-password") };

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.ResetAsync(target,
            new AccountName(user.Name), new Secret(SshdHost.NewPassword()), null, cancellation));

        Assert.Equal(Reason.PrivilegedCredentials, failure.Reason);
        Assert.NotEqual(FailureClass.Transient, failure.FailureClass);
    }

    [Fact]
    public async Task Changing_as_the_account_is_declared_unsupported()
    {
        var password = SshdHost.NewPassword();
        await using var user = await SshdHost.CreateUserAsync(password);

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.ChangeAsync(sshd.Target(),
            new AccountName(user.Name), new Secret(password), new Secret(SshdHost.NewPassword()), null, cancellation));

        Assert.Equal(FailureClass.Unsupported, failure.FailureClass);
        Assert.True(await sshd.LogsInAsync(user.Name, password));
    }

    public void Dispose() => connectors.Dispose();
}
