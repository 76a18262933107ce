using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Telemetry;
using PasswordSync.DirectorySync.Tests.Observability;
using PasswordSync.Testing;

namespace PasswordSync.DirectorySync.Tests.OpenLdap;

/// <summary>
/// Pooled privileged and bind connections against the real slapd, reached through a loopback forwarder that counts TCP
/// connections and can cut them all. The connector is called directly (no Polly), so a stale pooled connection would
/// show as a failure.
/// </summary>
public sealed class OpenLdapPooledConnectionTests : IDisposable
{
    private readonly SlapdDirectory slapd = SlapdDirectory.Require();
    private readonly OpenLdapTestConnector harness = new();
    private readonly TcpRelay forwarder;
    private readonly MeasurementRecorder metrics = new(DirectoryTelemetry.Name);
    private readonly List<string> secrets = [];
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    public OpenLdapPooledConnectionTests()
    {
        forwarder = new TcpRelay(slapd.Address, slapd.LdapsPort);
        secrets.Add(slapd.ResetPassword);
    }

    private DirectoryTarget Target => slapd.Target() with { Endpoints = [new DirectoryEndpoint(slapd.Host, forwarder.Port)] };

    [Fact]
    public async Task Sequential_resets_state_reads_and_verifies_open_one_connection_per_role()
    {
        await using var user = await slapd.CreateUserAsync(SlapdDirectory.NewPassword(), "lpool");
        var account = new AccountName(user.Uid);

        for (var i = 0; i < 4; i++)
        {
            var password = NewSecret();
            var written = await harness.Connector.ResetAsync(Target, account, password, null, cancellation);
            Assert.Equal((await slapd.ReadAsync(user.Dn, "pwdChangedTime")).Single(), written.PasswordLastSetRaw);
            Assert.True((await harness.Connector.GetAccountStateAsync(Target, account, null, cancellation)).Exists);
            Assert.Equal(VerifyOutcome.Accepted,
                (await harness.Connector.VerifyAsync(Target, account, password, null, cancellation)).Outcome);
        }

        Assert.Equal(1, Opened("privileged"));
        Assert.Equal(1, Opened("bind"));
        Assert.Equal(2, forwarder.Accepted);
        AssertNoSecretInLogs();
    }

    [Fact]
    public async Task After_every_connection_is_cut_the_pool_recovers_and_a_wrong_password_counts_once()
    {
        await using var user = await slapd.CreateUserAsync(SlapdDirectory.NewPassword(), "lpool");
        var account = new AccountName(user.Uid);
        var password = NewSecret();
        await harness.Connector.ResetAsync(Target, account, password, null, cancellation);
        Assert.Equal(VerifyOutcome.Accepted,
            (await harness.Connector.VerifyAsync(Target, account, password, null, cancellation)).Outcome);

        forwarder.DropAll();
        password = NewSecret(); // the policy's history refuses the same password twice
        await harness.Connector.ResetAsync(Target, account, password, null, cancellation);
        Assert.Equal(VerifyOutcome.Accepted,
            (await harness.Connector.VerifyAsync(Target, account, password, null, cancellation)).Outcome);

        forwarder.DropAll();
        Assert.Empty(await slapd.ReadAsync(user.Dn, "pwdFailureTime"));
        var wrong = await harness.Connector.VerifyAsync(Target, account, NewSecret(), null, cancellation);
        Assert.Equal(VerifyOutcome.Rejected, wrong.Outcome);
        Assert.Single(await slapd.ReadAsync(user.Dn, "pwdFailureTime"));

        // One new connection per role after each cut (the refused bind is explained by a privileged state read).
        Assert.Equal(3, Opened("privileged"));
        Assert.Equal(3, Opened("bind"));
        AssertNoSecretInLogs();
    }

    [Fact]
    public async Task A_wrong_then_a_right_password_on_the_same_pooled_connection_give_rejected_then_accepted()
    {
        var password = SlapdDirectory.NewPassword();
        secrets.Add(password);
        await using var user = await slapd.CreateUserAsync(password, "lpool");
        var account = new AccountName(user.Uid);

        var rejected = await harness.Connector.VerifyAsync(Target, account, NewSecret(), null, cancellation);
        var accepted = await harness.Connector.VerifyAsync(Target, account, new Secret(password), null, cancellation);

        Assert.Equal(VerifyOutcome.Rejected, rejected.Outcome);
        Assert.Equal(VerifyOutcome.Accepted, accepted.Outcome);
        // A refused bind leaves the connection usable (anonymous): both binds went over one connection.
        Assert.Equal(1, Opened("bind"));
        AssertNoSecretInLogs();
    }

    [Fact]
    public async Task A_password_reset_by_an_administrator_is_still_reported_as_must_change_over_a_pooled_connection()
    {
        var password = SlapdDirectory.NewPassword();
        secrets.Add(password);
        await using var user = await slapd.CreateUserAsync(password, "lpool");
        var account = new AccountName(user.Uid);
        Assert.Equal(VerifyOutcome.Accepted,
            (await harness.Connector.VerifyAsync(Target, account, new Secret(password), null, cancellation)).Outcome);

        await slapd.SetMustChangeAsync(user.Dn);

        Assert.Equal(VerifyOutcome.CorrectMustChange,
            (await harness.Connector.VerifyAsync(Target, account, new Secret(password), null, cancellation)).Outcome);
        Assert.Equal(1, Opened("bind"));
    }

    public void Dispose()
    {
        metrics.Dispose();
        forwarder.Dispose();
        harness.Dispose();
    }

    private Secret NewSecret()
    {
        var password = SlapdDirectory.NewPassword();
        secrets.Add(password);
        return new Secret(password);
    }

    private void AssertNoSecretInLogs()
    {
        var logs = harness.AllLogText();
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, logs, StringComparison.Ordinal));
    }

    private int Opened(string role) => (int)metrics.Measurements
        .Where(m => m.Instrument == DirectoryConnectionMetrics.ConnectionsOpenedName
            && m.Tags[DirectoryOperationTags.Server] == $"{slapd.Host}:{forwarder.Port}"
            && m.Tags[DirectoryConnectionMetrics.RoleTag] == role)
        .Sum(m => m.Value);
}
