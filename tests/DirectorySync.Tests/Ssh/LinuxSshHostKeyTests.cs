using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;

namespace PasswordSync.DirectorySync.Tests.Ssh;

public sealed class LinuxSshHostKeyTests : IDisposable
{
    private readonly SshdHost sshd = SshdHost.Require();
    private readonly SshTestConnectors connectors = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_host_key_other_than_the_pinned_one_is_refused_before_any_password_is_sent()
    {
        var password = SshdHost.NewPassword();
        await using var user = await SshdHost.CreateUserAsync(password);
        var target = sshd.Target() with { SshHostKeyFingerprint = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.VerifyAsync(target,
            new AccountName(user.Name), new Secret(password), null, cancellation));

        Assert.Equal(FailureClass.Configuration, failure.FailureClass);
        Assert.Contains(sshd.HostKeyFingerprint, failure.Message);
        // sshd never saw an authentication attempt for the account.
        Assert.DoesNotContain(user.Name, await sshd.ReadSshdLogAsync());
    }

    [Fact]
    public async Task A_target_without_a_pin_is_refused_and_told_which_key_to_pin()
    {
        await using var user = await SshdHost.CreateUserAsync(SshdHost.NewPassword());

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.ResetAsync(
            sshd.Target() with { SshHostKeyFingerprint = null }, new AccountName(user.Name),
            new Secret(SshdHost.NewPassword()), null, cancellation));

        Assert.Equal(FailureClass.Configuration, failure.FailureClass);
        Assert.Contains(sshd.HostKeyFingerprint, failure.Message);
    }

    [Fact]
    public async Task A_closed_port_is_transient()
    {
        var failure = await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.GetAccountStateAsync(
            sshd.Target() with { Endpoints = [new DirectoryEndpoint("127.0.0.1", 2299)] }, new AccountName("pwsyncadm"),
            null, cancellation));

        Assert.Equal(FailureClass.Transient, failure.FailureClass);
        Assert.Equal(Reason.Transient, failure.Reason);
    }

    [Fact]
    public async Task The_target_test_reports_the_fingerprint_to_pin_password_login_and_the_sudo_right()
    {
        var unpinned = await connectors.Linux.TestAsync(sshd.Target() with { SshHostKeyFingerprint = null }, cancellation);
        var good = await connectors.Linux.TestAsync(sshd.Target(), cancellation);
        var noSudo = await connectors.Linux.TestAsync(sshd.Target() with
        {
            PrivilegedAccount = sshd.NoSudoUser,
            PrivilegedPassword = new Secret(sshd.NoSudoPassword),
        }, cancellation);

        var key = Assert.Single(unpinned, check => check.Name.StartsWith("Host key", StringComparison.Ordinal));
        Assert.Equal(CheckStatus.Warning, key.Status);
        Assert.Contains(sshd.HostKeyFingerprint, key.Remedy);
        Assert.Contains(unpinned, check => check.Name.StartsWith("Password login", StringComparison.Ordinal)
            && check.Status == CheckStatus.Passed && check.Detail.Contains("password"));
        Assert.All(good, check => Assert.Equal(CheckStatus.Passed, check.Status));
        var right = Assert.Single(noSudo, check => check.Name == "Right to set passwords");
        Assert.Equal(CheckStatus.Failed, right.Status);
        Assert.Contains("NOPASSWD", right.Remedy);
    }

    public void Dispose() => connectors.Dispose();
}
