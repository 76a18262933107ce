using PasswordSync.DirectorySync.Connectors;

namespace PasswordSync.DirectorySync.Tests.Ssh;

public sealed class LinuxSshAccountStateTests : IDisposable
{
    private readonly SshdHost sshd = SshdHost.Require();
    private readonly SshTestConnectors connectors = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task State_reports_the_raw_shadow_last_change_day()
    {
        await using var user = await SshdHost.CreateUserAsync(SshdHost.NewPassword());

        var state = await connectors.Linux.GetAccountStateAsync(sshd.Target(), new AccountName(user.Name), null,
            cancellation);

        Assert.True(state.Exists);
        Assert.True(state.Enabled);
        Assert.False(state.LockedOut);
        Assert.False(state.MustChangePassword);
        Assert.Equal((await SshdHost.ShadowAsync(user.Name))[2], state.PasswordLastSetRaw);
        Assert.Null(state.LockoutPolicy);
    }

    [Fact]
    public async Task A_locked_password_is_reported_locked_by_state_and_verify()
    {
        var password = SshdHost.NewPassword();
        await using var user = await SshdHost.CreateUserAsync(password);
        await SshdHost.LockAsync(user.Name);

        var state = await connectors.Linux.GetAccountStateAsync(sshd.Target(), new AccountName(user.Name), null,
            cancellation);
        var verified = await connectors.Linux.VerifyAsync(sshd.Target(), new AccountName(user.Name),
            new Secret(password), null, cancellation);

        Assert.True(state.LockedOut);
        Assert.Equal(VerifyOutcome.AccountLocked, verified.Outcome);
    }

    [Fact]
    public async Task An_expired_password_is_reported_as_must_change()
    {
        await using var user = await SshdHost.CreateUserAsync(SshdHost.NewPassword());
        await SshdHost.ExpirePasswordAsync(user.Name);

        var state = await connectors.Linux.GetAccountStateAsync(sshd.Target(), new AccountName(user.Name), null,
            cancellation);

        Assert.True(state.MustChangePassword);
        Assert.Equal("0", state.PasswordLastSetRaw);
    }

    [Fact]
    public async Task An_unknown_user_does_not_exist()
    {
        var state = await connectors.Linux.GetAccountStateAsync(sshd.Target(), new AccountName("pwtabsent01"), null,
            cancellation);

        Assert.False(state.Exists);
    }

    public void Dispose() => connectors.Dispose();
}
