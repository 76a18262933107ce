using PasswordSync.Directory.V1;
using PasswordSync.DirectorySync.Telemetry;
using PasswordSync.DirectorySync.Tests.Observability;
using PasswordSync.Testing;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// The real directory-sync service (in-process, real gRPC channel) against the real Samba DC, reached through a relay
/// of this test's own: its port makes the server name unique to the test, so the AD searches the service sends there
/// (its <see cref="DirectorySearchMetrics"/> counter) and the connections it opens are this test's alone. The policy
/// cache is set to its maximum (one minute) so a slow machine never re-reads the policy set mid-test.
/// </summary>
internal sealed class AccountStatesBatchRig : IAsyncDisposable
{
    private readonly TcpRelay relay = new(SambaDomain.Address, SambaDomain.Port);
    private readonly MeasurementRecorder metrics = new(DirectoryTelemetry.Name);
    private readonly List<string> createdDns = [];
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    public DirectorySyncHost Host { get; } = new(settings: new Dictionary<string, string>
    {
        ["DirectorySync:LockoutPolicyCacheTime"] = "00:01:00",
    });

    public List<string> Secrets { get; } = [SambaDomain.AdminPassword];

    /// <summary>The server name the service reports and tags its searches with ("host:relay port").</summary>
    public string Server => $"{SambaDomain.Host}:{relay.Port}";

    /// <summary>TCP connections the relay accepted (each one the service opened to the DC).</summary>
    public int ConnectionsToTheDc => relay.Accepted;

    public Target Target() => SambaDomain.Target(port: relay.Port);

    public TestUser CreateUser(bool enabled = true, bool mustChange = false, bool inLockoutGroup = false)
    {
        var user = SambaDomain.CreateUser(enabled: enabled, mustChange: mustChange, inLockoutGroup: inLockoutGroup,
            prefix: "sb");
        createdDns.Add(user.Dn);
        Secrets.Add(user.Password);
        return user;
    }

    /// <summary>Simple binds with wrong passwords, straight to the DC (each counts one failure where a policy locks).</summary>
    public void FailBinds(TestUser user, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var wrong = SambaDomain.NewPassword();
            Secrets.Add(wrong);
            Assert.False(SambaDomain.CanBind(user.Dn, wrong));
        }
    }

    public async Task<GetAccountStatesResponse> BatchAsync(IEnumerable<string> accounts, Target? target = null) =>
        await Host.Client.GetAccountStatesAsync(
            new GetAccountStatesRequest { Target = target ?? Target(), Accounts = { accounts } },
            cancellationToken: cancellation);

    public async Task<AccountState> SingleAsync(string account, Target? target = null) =>
        await Host.Client.GetAccountStateAsync(
            new GetAccountStateRequest { Target = target ?? Target(), Account = account },
            cancellationToken: cancellation);

    /// <summary>The searches the service has sent to this test's server so far, by scope ("base", "subtree").</summary>
    public IReadOnlyList<string> SearchScopesSent() => metrics.Measurements
        .Where(m => m.Instrument == DirectorySearchMetrics.SearchesSentName
                    && m.Tags.GetValueOrDefault(DirectoryOperationTags.Server) == Server)
        .SelectMany(m => Enumerable.Repeat(m.Tags[DirectorySearchMetrics.ScopeTag], (int)m.Value))
        .ToList();

    public async ValueTask DisposeAsync()
    {
        Host.Logs.AssertNoneContains(Secrets);
        await Host.DisposeAsync();
        metrics.Dispose();
        await relay.DisposeAsync();
        foreach (var dn in createdDns)
        {
            SambaDomain.Delete(dn);
        }
    }
}
