using PasswordSync.Directory.V1;
using PasswordSync.DirectorySync.Telemetry;
using PasswordSync.DirectorySync.Tests.Observability;
using PasswordSync.Testing;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// Pooled privileged and bind connections against the real Samba DC, reached through a loopback forwarder that counts
/// TCP connections and can cut them all. Polly retries are off, so a stale pooled connection would show as a failure.
/// </summary>
public sealed class PooledConnectionTests : IAsyncLifetime
{
    private readonly DirectorySyncHost host = new(settings: new Dictionary<string, string>
    {
        ["DirectorySync:Resilience:MaxRetryAttempts"] = "0",
    });
    private readonly TcpRelay forwarder = new(SambaDomain.Address, SambaDomain.Port);
    private readonly MeasurementRecorder metrics = new(DirectoryTelemetry.Name);
    private readonly List<string> secrets = [SambaDomain.AdminPassword];
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    private string Server => $"{SambaDomain.Host}:{forwarder.Port}";

    [Fact]
    public async Task Sequential_resets_state_reads_and_verifies_open_one_connection_per_role()
    {
        var user = SambaDomain.CreateUser(prefix: "lp");
        secrets.Add(user.Password);

        for (var i = 0; i < 4; i++)
        {
            var password = SambaDomain.NewPassword();
            secrets.Add(password);
            await ResetAsync(user.Name, password);
            Assert.True((await StateAsync(user.Name)).Exists);
            Assert.Equal(VerifyOutcome.Accepted, (await VerifyAsync(user.Name, password)).Outcome);
        }

        Assert.Equal(1, Opened("privileged"));
        Assert.Equal(1, Opened("bind"));
        Assert.Equal(2, forwarder.Accepted);
    }

    [Fact]
    public async Task After_every_connection_is_cut_the_pool_recovers_and_a_wrong_password_counts_once()
    {
        // Samba counts bad passwords only where a lockout policy applies: use the PSO group.
        var user = SambaDomain.CreateUser(inLockoutGroup: true, prefix: "lp");
        var password = SambaDomain.NewPassword();
        var wrong = SambaDomain.NewPassword();
        secrets.AddRange([user.Password, password, wrong]);
        await ResetAsync(user.Name, password);
        Assert.Equal(VerifyOutcome.Accepted, (await VerifyAsync(user.Name, password)).Outcome);

        forwarder.DropAll();
        await ResetAsync(user.Name, password);
        Assert.Equal(VerifyOutcome.Accepted, (await VerifyAsync(user.Name, password)).Outcome);

        forwarder.DropAll();
        var before = int.Parse(SambaDomain.Read(user.Dn, "badPwdCount") ?? "0");
        Assert.Equal(VerifyOutcome.Rejected, (await VerifyAsync(user.Name, wrong)).Outcome);
        Assert.Equal(before + 1, int.Parse(SambaDomain.Read(user.Dn, "badPwdCount") ?? "0"));

        // Each cut cost one new connection per role, no more (the refused bind at a remembered DN is followed by a
        // privileged look-up, in case the account moved).
        Assert.Equal(3, Opened("privileged"));
        Assert.Equal(3, Opened("bind"));
    }

    [Fact]
    public async Task A_wrong_then_a_right_password_on_the_same_pooled_connection_give_rejected_then_accepted()
    {
        var user = SambaDomain.CreateUser(prefix: "lp");
        var wrong = SambaDomain.NewPassword();
        secrets.AddRange([user.Password, wrong]);

        var rejected = await VerifyAsync(user.Name, wrong);
        var accepted = await VerifyAsync(user.Name, user.Password);
        var rejectedAgain = await VerifyAsync(user.Name, wrong);

        Assert.Equal(VerifyOutcome.Rejected, rejected.Outcome);
        Assert.Equal(VerifyOutcome.Accepted, accepted.Outcome);
        Assert.Equal(VerifyOutcome.Rejected, rejectedAgain.Outcome);
        // A refused bind leaves the connection usable (anonymous): all three binds went over one connection.
        Assert.Equal(1, Opened("bind"));
    }

    [Fact]
    public async Task A_changed_privileged_password_opens_a_new_connection_instead_of_reusing_the_old_bind()
    {
        var agent = SambaDomain.CreateUser(prefix: "lpadm");
        var user = SambaDomain.CreateUser(prefix: "lp");
        var newAgentPassword = SambaDomain.NewPassword();
        secrets.AddRange([agent.Password, user.Password, newAgentPassword]);
        SambaDomain.AddToGroup($"CN=Domain Admins,{SambaDomain.UsersDn}", agent.Dn);
        try
        {
            var before = AgentTarget(agent.Name, agent.Password);
            Assert.True((await StateAsync(user.Name, before)).Exists);
            Assert.Equal(1, Opened("privileged"));

            // The agent's password changes (reset by Administrator over a direct connection, not through the forwarder).
            await host.Client.ResetPasswordAsync(new ResetPasswordRequest
            {
                Target = SambaDomain.Target(),
                Account = agent.Name,
                NewPassword = newAgentPassword,
            }, cancellationToken: cancellation);

            Assert.True((await StateAsync(user.Name, AgentTarget(agent.Name, newAgentPassword))).Exists);
            Assert.Equal(2, Opened("privileged"));
        }
        finally
        {
            SambaDomain.Delete(agent.Dn);
        }
    }

    [Fact]
    public async Task An_account_renamed_after_its_dn_was_remembered_is_found_again_without_a_bad_password()
    {
        var user = SambaDomain.CreateUser(inLockoutGroup: true, prefix: "lp");
        secrets.Add(user.Password);
        Assert.Equal(user.Dn, (await StateAsync(user.Name)).DistinguishedName); // remembers the DN

        var renamed = SambaDomain.Rename(user.Dn, user.Name + "-moved");

        // The bind at the remembered DN finds no user (data 525, no bad password): looked up again and bound there.
        Assert.Equal(VerifyOutcome.Accepted, (await VerifyAsync(user.Name, user.Password)).Outcome);
        var state = await StateAsync(user.Name);
        Assert.Equal(renamed, state.DistinguishedName);
        Assert.Equal(0, state.BadPasswordCount);
        Assert.Equal("0", SambaDomain.Read(renamed, "badPwdCount") ?? "0");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        host.Logs.AssertNoneContains(secrets);
        await host.DisposeAsync();
        metrics.Dispose();
        forwarder.Dispose();
    }

    private Target ForwardedTarget() => SambaDomain.Target(port: forwarder.Port);

    private Target AgentTarget(string agent, string password)
    {
        var target = ForwardedTarget();
        target.PrivilegedAccount = $"{agent}@pwsync.test";
        target.PrivilegedPassword = password;
        return target;
    }

    private int Opened(string role) => (int)metrics.Measurements
        .Where(m => m.Instrument == DirectoryConnectionMetrics.ConnectionsOpenedName
            && m.Tags[DirectoryOperationTags.Server] == Server && m.Tags[DirectoryConnectionMetrics.RoleTag] == role)
        .Sum(m => m.Value);

    private Task<WriteResponse> ResetAsync(string account, string password) =>
        host.Client.ResetPasswordAsync(new ResetPasswordRequest
        {
            Target = ForwardedTarget(),
            Account = account,
            NewPassword = password,
            PinnedServer = Server,
        }, cancellationToken: cancellation).ResponseAsync;

    private Task<VerifyPasswordResponse> VerifyAsync(string account, string password) =>
        host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
        {
            Target = ForwardedTarget(),
            Account = account,
            Password = password,
            PinnedServer = Server,
        }, cancellationToken: cancellation).ResponseAsync;

    private Task<AccountState> StateAsync(string account, Target? target = null) =>
        host.Client.GetAccountStateAsync(new GetAccountStateRequest
        {
            Target = target ?? ForwardedTarget(),
            Account = account,
            PinnedServer = Server,
        }, cancellationToken: cancellation).ResponseAsync;
}
