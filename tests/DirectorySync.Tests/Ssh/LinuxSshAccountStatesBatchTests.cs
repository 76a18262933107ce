using PasswordSync.Common.V1;
using PasswordSync.Directory.V1;
using PasswordSync.DirectorySync.Tests.ActiveDirectory;

namespace PasswordSync.DirectorySync.Tests.Ssh;

/// <summary>
/// GetAccountStates on a Linux host (the connector's default path: one single read after the other, each its own
/// SSH login) through the real gRPC service against the real sshd: each account exactly as GetAccountState answers it.
/// </summary>
public sealed class LinuxSshAccountStatesBatchTests : IAsyncLifetime
{
    private readonly SshdHost sshd = SshdHost.Require();
    private readonly DirectorySyncHost host = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Batch_answers_every_account_exactly_as_its_single_read()
    {
        await using var normal = await SshdHost.CreateUserAsync(SshdHost.NewPassword());
        await using var locked = await SshdHost.CreateUserAsync(SshdHost.NewPassword());
        await using var expired = await SshdHost.CreateUserAsync(SshdHost.NewPassword());
        await SshdHost.LockAsync(locked.Name);
        await SshdHost.ExpirePasswordAsync(expired.Name);
        string[] requested = [normal.Name, locked.Name, expired.Name, "pwtabsent02", normal.Name];

        var batch = await host.Client.GetAccountStatesAsync(
            new GetAccountStatesRequest { Target = Target(), Accounts = { requested } }, cancellationToken: cancellation);
        var singles = new Dictionary<string, Directory.V1.AccountState>();
        foreach (var account in requested.Distinct())
        {
            singles[account] = await host.Client.GetAccountStateAsync(
                new GetAccountStateRequest { Target = Target(), Account = account }, cancellationToken: cancellation);
        }

        Assert.Equal(singles.Keys.Order(), batch.Entries.Select(e => e.Account).Order());
        foreach (var entry in batch.Entries)
        {
            Assert.Equal(singles[entry.Account], entry.State);
        }

        Assert.True(singles[normal.Name].Exists);
        Assert.True(singles[locked.Name].LockedOut);
        Assert.True(singles[expired.Name].MustChangePassword);
        Assert.False(singles["pwtabsent02"].Exists);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        host.Logs.AssertNoneContains([sshd.AdminPassword]);
        await host.DisposeAsync();
    }

    private Target Target() => new()
    {
        Id = "sshd-batch",
        Kind = TargetKind.SshLinux,
        Endpoints = { new Endpoint { Host = sshd.Host, Port = (uint)sshd.Port } },
        PrivilegedAccount = sshd.AdminUser,
        PrivilegedPassword = sshd.AdminPassword,
        SshHostKeyFingerprint = sshd.HostKeyFingerprint,
    };
}
