using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PasswordSync.Directory.V1;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.ActiveDirectory;
using VerifyOutcome = PasswordSync.Directory.V1.VerifyOutcome;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// A change whose answer is lost in a timeout must be settled by a verify with the new password, never sent twice
/// (a second change would fail — the old password is gone — or, worse, count as a bad password).
/// </summary>
public sealed class ChangeTimeoutTests : IAsyncLifetime
{
    private SlowResponseConnector slow = null!;
    private readonly DirectorySyncHost host;

    public ChangeTimeoutTests()
    {
        host = new DirectorySyncHost(services =>
        {
            services.RemoveAll<IDirectoryConnector>();
            services.AddSingleton<IDirectoryConnector>(sp =>
                slow = new SlowResponseConnector(sp.GetRequiredService<AdConnector>(), TimeSpan.FromSeconds(60)));
        });
    }

    [Fact]
    public async Task Change_that_landed_but_timed_out_is_confirmed_by_one_verify_and_sent_once()
    {
        var user = SambaDomain.CreateUser();
        var newPassword = SambaDomain.NewPassword();
        var target = SambaDomain.Target();
        target.OperationTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(6));

        var reply = await host.Client.ChangePasswordAsync(new ChangePasswordRequest
        {
            Target = target,
            Account = user.Name,
            OldPassword = user.Password,
            NewPassword = newPassword,
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(reply.SettledByVerify);
        Assert.Equal(VerifyOutcome.Accepted, reply.Verification.Outcome);
        Assert.Equal(SambaDomain.Read(user.Dn, "pwdLastSet"), reply.PasswordLastSetRaw);
        Assert.Equal(1, slow.ChangesSent);
        Assert.Equal(0, host.Logs.Count(DirectorySyncHost.RetryEventId));
        Assert.True(SambaDomain.CanBind(user.Dn, newPassword));
        host.Logs.AssertNoneContains([user.Password, newPassword, SambaDomain.AdminPassword]);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
