using PasswordSync.Common.V1;
using PasswordSync.Directory.V1;
using PasswordSync.DirectorySync.Tests.ActiveDirectory;

namespace PasswordSync.DirectorySync.Tests.OpenLdap;

/// <summary>
/// GetAccountStates on OpenLDAP (the connector's default path: one single read after the other) through the real gRPC
/// service against the real slapd: the batch answers each account exactly as GetAccountState does, and leaves out an
/// account whose own read fails.
/// </summary>
public sealed class OpenLdapAccountStatesBatchTests : IAsyncLifetime
{
    private readonly SlapdDirectory slapd = SlapdDirectory.Require();
    private readonly DirectorySyncHost host = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Batch_answers_every_account_exactly_as_its_single_read_and_leaves_out_a_failed_one()
    {
        await using var normal = await slapd.CreateUserAsync(SlapdDirectory.NewPassword(), "sbl");
        await using var mustChange = await slapd.CreateUserAsync(SlapdDirectory.NewPassword(), "sbl");
        await using var byDn = await slapd.CreateUserAsync(SlapdDirectory.NewPassword(), "sbl");
        await slapd.SetMustChangeAsync(mustChange.Dn);
        var missing = "sblnobody" + Guid.NewGuid().ToString("N")[..6];
        // Accepted at the edge, refused by the LDAP connector's own name check: that account's read alone fails.
        const string unreadable = "sbl\nbroken";
        string[] requested = [normal.Uid, mustChange.Uid, byDn.Dn, missing, normal.Uid, unreadable];

        var batch = await host.Client.GetAccountStatesAsync(
            new GetAccountStatesRequest { Target = Target(), Accounts = { requested } }, cancellationToken: cancellation);
        var singles = new Dictionary<string, Directory.V1.AccountState>();
        foreach (var account in requested.Distinct().Where(a => a != unreadable))
        {
            singles[account] = await SingleAsync(account);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => SingleAsync(unreadable));

        Assert.Equal(singles.Keys.Order(), batch.Entries.Select(e => e.Account).Order());
        foreach (var entry in batch.Entries)
        {
            Assert.Equal(singles[entry.Account], entry.State);
        }

        Assert.True(singles[normal.Uid].Exists);
        Assert.True(singles[mustChange.Uid].MustChangePassword);
        Assert.Equal(byDn.Dn, singles[byDn.Dn].DistinguishedName);
        Assert.False(singles[missing].Exists);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
    }

    [Fact]
    public async Task A_refused_privileged_bind_fails_the_whole_call_as_the_single_read_does()
    {
        await using var user = await slapd.CreateUserAsync(SlapdDirectory.NewPassword(), "sbl");
        var target = Target();
        // An agent DN with no entry: refused like a wrong password, without counting a failure on a real account
        // (the shared reset agent is under the lockout policy).
        target.PrivilegedAccount = "cn=sbl-no-such-agent,ou=service,dc=pwsync,dc=test";

        var single = await Assert.ThrowsAsync<RpcException>(() => host.Client.GetAccountStateAsync(
            new GetAccountStateRequest { Target = target, Account = user.Uid }, cancellationToken: cancellation)
            .ResponseAsync);
        var batch = await Assert.ThrowsAsync<RpcException>(() => host.Client.GetAccountStatesAsync(
            new GetAccountStatesRequest { Target = target, Accounts = { user.Uid, "sblother" } },
            cancellationToken: cancellation).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, batch.StatusCode);
        Assert.Equal("PRIVILEGED_CREDENTIALS", batch.GetReason());
        Assert.Equal(single.StatusCode, batch.StatusCode);
        Assert.Equal(single.GetReason(), batch.GetReason());
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        host.Logs.AssertNoneContains([slapd.ResetPassword]);
        await host.DisposeAsync();
    }

    private async Task<Directory.V1.AccountState> SingleAsync(string account) =>
        await host.Client.GetAccountStateAsync(new GetAccountStateRequest { Target = Target(), Account = account },
            cancellationToken: cancellation);

    private Target Target() => new()
    {
        Id = "slapd-batch",
        Kind = TargetKind.Ldap,
        Endpoints = { new Endpoint { Host = slapd.Host, Port = (uint)slapd.LdapsPort } },
        CaCertificatePem = slapd.CaPem,
        BaseDn = slapd.BaseDn,
        PrivilegedAccount = slapd.ResetDn,
        PrivilegedPassword = slapd.ResetPassword,
    };
}
