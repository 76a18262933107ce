using PasswordSync.Directory.V1;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// GetAccountStates requests refused at the edge (naming the field, with no connection to the DC), whole-call
/// failures mapped as for GetAccountState, and the privileged password kept out of the logs.
/// </summary>
public sealed class AccountStatesBatchRequestTests : IAsyncLifetime
{
    private readonly AccountStatesBatchRig rig = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    public static TheoryData<string, string[], string> BadRequests => new()
    {
        { "no account", [], "accounts" },
        { "101 accounts", [.. Enumerable.Range(0, 101).Select(i => $"sbmany{i}")], "accounts" },
        { "an empty name", ["sbfine", ""], "accounts[1]" },
        { "a blank name", ["   "], "accounts[0]" },
        { "a name too long", ["sbfine", "sbfine2", new string('a', 1025)], "accounts[2]" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_account_list_is_refused_naming_the_field_and_reads_nothing(string why, string[] accounts,
        string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => rig.BatchAsync(accounts));

        Assert.True(StatusCode.InvalidArgument == error.StatusCode, why);
        Assert.Equal([field], error.GetViolatedFields());
        Assert.Equal(0, rig.ConnectionsToTheDc);
        Assert.Empty(rig.SearchScopesSent());
        Assert.DoesNotContain(rig.Host.Logs.Entries, e => e.Category.Contains("ActiveDirectory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_target_and_a_pinned_server_not_of_the_target_are_refused()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => rig.Host.Client.GetAccountStatesAsync(
            new GetAccountStatesRequest { Accounts = { "sbfine" } }, cancellationToken: cancellation).ResponseAsync);
        var pinned = await Assert.ThrowsAsync<RpcException>(() => rig.Host.Client.GetAccountStatesAsync(
            new GetAccountStatesRequest { Target = rig.Target(), Accounts = { "sbfine" }, PinnedServer = "elsewhere:636" },
            cancellationToken: cancellation).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Equal(["target"], missing.GetViolatedFields());
        Assert.Equal(["pinned_server"], pinned.GetViolatedFields());
        Assert.Equal(0, rig.ConnectionsToTheDc);
    }

    [Fact]
    public async Task Pinned_server_is_where_every_state_is_read_even_when_it_is_not_the_first()
    {
        var user = rig.CreateUser();
        var other = rig.CreateUser();
        var target = rig.Target();
        // The DC reached directly is the second endpoint; the first (this test's relay) would be used unpinned.
        target.Endpoints.Add(new Endpoint { Host = SambaDomain.Host, Port = (uint)SambaDomain.Port });
        var direct = $"{SambaDomain.Host}:{SambaDomain.Port}";

        var batch = await rig.Host.Client.GetAccountStatesAsync(
            new GetAccountStatesRequest { Target = target, Accounts = { user.Name, other.Name }, PinnedServer = direct },
            cancellationToken: cancellation);

        Assert.Equal(2, batch.Entries.Count);
        Assert.All(batch.Entries, e => Assert.Equal(direct, e.State.Server));
        Assert.Equal(0, rig.ConnectionsToTheDc);
    }

    [Fact]
    public async Task Batch_moves_whole_to_the_next_server_when_the_first_is_down()
    {
        var user = rig.CreateUser();
        var other = rig.CreateUser();
        var target = rig.Target();
        // Nothing listens on the DC's address at the discard port: the first endpoint is down.
        target.Endpoints.Insert(0, new Endpoint { Host = SambaDomain.Host, Port = 9 });

        var batch = await rig.BatchAsync([user.Name, other.Name], target);

        Assert.Equal(2, batch.Entries.Count);
        Assert.All(batch.Entries, e => Assert.Equal(rig.Server, e.State.Server));
    }

    [Fact]
    public async Task Wrong_privileged_password_fails_the_whole_call_as_the_single_read_does()
    {
        var user = rig.CreateUser();
        var privileged = rig.CreateUser();
        var target = rig.Target();
        target.PrivilegedAccount = $"{privileged.Name}@{PasswordSync.Testing.TestServers.Require("SAMBA_REALM").ToLowerInvariant()}";
        target.PrivilegedPassword = SambaDomain.NewPassword();
        rig.Secrets.Add(target.PrivilegedPassword);

        var single = await Assert.ThrowsAsync<RpcException>(() => rig.SingleAsync(user.Name, target));
        var batch = await Assert.ThrowsAsync<RpcException>(() => rig.BatchAsync([user.Name], target));

        Assert.Equal(StatusCode.FailedPrecondition, batch.StatusCode);
        Assert.Equal("PRIVILEGED_CREDENTIALS", batch.GetReason());
        Assert.Equal(single.StatusCode, batch.StatusCode);
        Assert.Equal(single.GetReason(), batch.GetReason());
    }

    [Fact]
    public async Task Unreachable_server_fails_the_whole_call_as_unavailable()
    {
        var target = rig.Target();
        // Nothing listens on the DC's address at the discard port.
        target.Endpoints[0].Port = 9;

        var batch = await Assert.ThrowsAsync<RpcException>(() => rig.BatchAsync(["sbfine"], target));

        Assert.Equal(StatusCode.Unavailable, batch.StatusCode);
    }

    [Fact]
    public async Task Privileged_password_never_reaches_the_logs_though_the_request_is_logged()
    {
        var user = rig.CreateUser();

        await rig.BatchAsync([user.Name, "sbnobody" + Guid.NewGuid().ToString("N")[..8]]);

        // The request line is written (Debug), redacted: so the check below looked at a logged request.
        var requestLine = Assert.Single(rig.Host.Logs.Entries,
            e => e.EventId == 1001 && e.Category.EndsWith("DirectorySyncService", StringComparison.Ordinal)
                 && e.Text.Contains("GetAccountStates", StringComparison.Ordinal));
        Assert.Contains(user.Name, requestLine.Text, StringComparison.Ordinal);
        Assert.Contains("\"privilegedPassword\": \"***\"", requestLine.Text, StringComparison.Ordinal);
        rig.Host.Logs.AssertNoneContains([SambaDomain.AdminPassword]);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => rig.DisposeAsync();
}
