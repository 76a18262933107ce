using PasswordSync.Directory.V1;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>Reset with the privileged account, then verify on the DC that took the write (real Samba DC).</summary>
public sealed class ResetThenVerifyTests : IAsyncLifetime
{
    private readonly DirectorySyncHost host = new();
    private readonly List<string> secrets = [SambaDomain.AdminPassword];

    [Fact]
    public async Task Reset_with_verify_after_write_is_accepted_on_the_same_server_and_old_password_may_still_bind()
    {
        var user = SambaDomain.CreateUser();
        var newPassword = SambaDomain.NewPassword();
        secrets.AddRange([user.Password, newPassword]);
        var pwdLastSetBefore = SambaDomain.Read(user.Dn, "pwdLastSet");

        var reply = await host.Client.ResetPasswordAsync(new ResetPasswordRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
            NewPassword = newPassword,
            VerifyAfterWrite = true,
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal($"{SambaDomain.Host}:{SambaDomain.Port}", reply.Server);
        Assert.Equal(VerifyOutcome.Accepted, reply.Verification.Outcome);
        Assert.Equal(reply.Server, reply.Verification.Server);
        // The reply carries the directory's own raw value after the write (what the vault stores with the commit).
        Assert.Equal(SambaDomain.Read(user.Dn, "pwdLastSet"), reply.PasswordLastSetRaw);
        Assert.NotEqual(pwdLastSetBefore, reply.PasswordLastSetRaw);
        Assert.True(SambaDomain.CanBind(user.Dn, newPassword));
        // AD's old-password window: the previous password may STILL bind after a reset, so a successful bind with
        // it proves nothing. This is why rotations verify the NEW password.
        Assert.True(SambaDomain.CanBind(user.Dn, user.Password));
        // Polly telemetry is on: its pipeline events reach the logs (and its "Polly" meter the metrics).
        Assert.Contains(host.Logs.Entries, e => e.Category == "Polly");
    }

    [Fact]
    public async Task Verify_pinned_to_the_server_reports_accepted_and_rejected()
    {
        var user = SambaDomain.CreateUser();
        var wrong = SambaDomain.NewPassword();
        secrets.AddRange([user.Password, wrong]);
        var server = $"{SambaDomain.Host}:{SambaDomain.Port}";

        var accepted = await host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
            Password = user.Password,
            PinnedServer = server,
        }, cancellationToken: TestContext.Current.CancellationToken);
        var rejected = await host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
            Password = wrong,
            PinnedServer = server,
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(VerifyOutcome.Accepted, accepted.Outcome);
        Assert.True(accepted.PasswordCorrect);
        Assert.Equal(server, accepted.Server);
        Assert.Equal(VerifyOutcome.Rejected, rejected.Outcome);
        Assert.False(rejected.PasswordCorrect);
    }

    [Fact]
    public async Task Account_found_by_upn_and_by_domain_prefixed_name()
    {
        var user = SambaDomain.CreateUser();
        secrets.Add(user.Password);
        foreach (var name in new[] { $"{user.Name}@pwsync.test", $"PWSYNC\\{user.Name}" })
        {
            var reply = await host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
            {
                Target = SambaDomain.Target(),
                Account = name,
                Password = user.Password,
            }, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(VerifyOutcome.Accepted, reply.Outcome);
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        host.Logs.AssertNoneContains(secrets);
        await host.DisposeAsync();
    }
}
