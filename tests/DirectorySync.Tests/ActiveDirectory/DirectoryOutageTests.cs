using System.Globalization;
using System.Net;
using PasswordSync.Directory.V1;
using PasswordSync.Testing;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// The directory failing mid-operation. The shared DC is never stopped (other assemblies use it): a TCP relay this
/// test controls stands in front of it, on the DC's own address so the certificate name still matches, and is made
/// to cut or freeze connections.
/// </summary>
public sealed class DirectoryOutageTests : IAsyncLifetime
{
    private readonly DirectorySyncHost host = new();
    private TcpRelay relay = null!;

    [Fact]
    public async Task Server_failing_is_retried_then_its_circuit_opens_with_a_clear_unavailable()
    {
        var user = SambaDomain.CreateUser();
        var target = SambaDomain.Target(port: relay.Port);
        var request = new VerifyPasswordRequest { Target = target, Account = user.Name, Password = user.Password };
        var ct = TestContext.Current.CancellationToken;

        // Working through the relay first: the failure below is the relay's doing, not a setting.
        Assert.Equal(VerifyOutcome.Accepted, (await host.Client.VerifyPasswordAsync(request, cancellationToken: ct)).Outcome);

        relay.Mode = RelayMode.Reset;
        relay.DropAll();
        var first = await Assert.ThrowsAsync<RpcException>(() => host.Client.VerifyPasswordAsync(request,
            cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, first.StatusCode);
        Assert.True(first.GetReason() is "TRANSIENT" or "CIRCUIT_OPEN", first.GetReason());
        Assert.True(host.Logs.Count(DirectorySyncHost.RetryEventId) >= 1, "transient failures must be retried");

        var second = await Assert.ThrowsAsync<RpcException>(() => host.Client.VerifyPasswordAsync(request,
            cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, second.StatusCode);
        Assert.Equal("CIRCUIT_OPEN", second.GetReason());
        Assert.Contains("circuit open", second.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, host.Logs.Count(DirectorySyncHost.CircuitOpenedEventId));

        // An open circuit does not even connect.
        var connections = relay.Accepted;
        await Assert.ThrowsAsync<RpcException>(() => host.Client.VerifyPasswordAsync(request,
            cancellationToken: ct).ResponseAsync);
        Assert.Equal(connections, relay.Accepted);
    }

    [Fact]
    public async Task Hung_server_times_out_and_is_reported_unavailable()
    {
        var user = SambaDomain.CreateUser();
        var target = SambaDomain.Target(port: relay.Port);
        target.OperationTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
        relay.Mode = RelayMode.Freeze;

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.GetAccountStateAsync(
            new GetAccountStateRequest { Target = target, Account = user.Name },
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.True(error.GetReason() is "TIMEOUT" or "CIRCUIT_OPEN", error.GetReason());
        Assert.True(host.Logs.Count(DirectorySyncHost.RetryEventId) >= 1);
    }

    [Fact]
    public async Task Change_that_times_out_is_settled_by_a_verify_never_a_second_change()
    {
        var user = SambaDomain.CreateUser();
        var newPassword = SambaDomain.NewPassword();
        var target = SambaDomain.Target(port: relay.Port);
        target.OperationTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
        relay.Mode = RelayMode.Freeze;

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.ChangePasswordAsync(
            new ChangePasswordRequest
            {
                Target = target,
                Account = user.Name,
                OldPassword = user.Password,
                NewPassword = newPassword,
            }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("Do not send the change again", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, host.Logs.Count(3005)); // settled by a verify
        Assert.True(SambaDomain.CanBind(user.Dn, user.Password));
        host.Logs.AssertNoneContains([user.Password, newPassword, SambaDomain.AdminPassword]);
    }

    [Fact]
    public async Task Verify_whose_answer_never_comes_is_neither_retried_nor_failed_over()
    {
        // Counted only where a lockout policy applies: the PSO group.
        var user = SambaDomain.CreateUser(inLockoutGroup: true);
        var wrong = SambaDomain.NewPassword();
        var target = SambaDomain.Target(port: relay.Port);
        target.OperationTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(2));
        // A second, healthy endpoint: a failover would bind there and count a second failure.
        target.Endpoints.Add(new Endpoint { Host = SambaDomain.Host, Port = (uint)SambaDomain.Port });
        var ct = TestContext.Current.CancellationToken;
        VerifyPasswordRequest Verify(string password) =>
            new() { Target = target, Account = user.Name, Password = password };

        // The account's DN is now remembered and a bind connection is pooled: the next verify sends its bind at once.
        Assert.Equal(VerifyOutcome.Accepted,
            (await host.Client.VerifyPasswordAsync(Verify(user.Password), cancellationToken: ct)).Outcome);
        var before = int.Parse(SambaDomain.Read(user.Dn, "badPwdCount") ?? "0", CultureInfo.InvariantCulture);

        // The DC takes the bind and then goes silent: the outcome is unknown, so the bind must not be sent again.
        relay.MuteOpenConnections();
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.VerifyPasswordAsync(Verify(wrong), cancellationToken: ct).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(0, host.Logs.Count(DirectorySyncHost.RetryEventId));
        Assert.Equal(0, host.Logs.Count(3004)); // no failover
        Assert.Equal(before + 1,
            int.Parse(SambaDomain.Read(user.Dn, "badPwdCount") ?? "0", CultureInfo.InvariantCulture));
        host.Logs.AssertNoneContains([user.Password, wrong, SambaDomain.AdminPassword]);
    }

    [Fact]
    public async Task Later_server_is_used_only_after_the_first_failed_transiently()
    {
        var user = SambaDomain.CreateUser();
        var target = SambaDomain.Target(port: relay.Port);
        target.Endpoints.Add(new Endpoint { Host = SambaDomain.Host, Port = (uint)SambaDomain.Port });
        var request = new VerifyPasswordRequest { Target = target, Account = user.Name, Password = user.Password };
        var ct = TestContext.Current.CancellationToken;

        var healthy = await host.Client.VerifyPasswordAsync(request, cancellationToken: ct);
        relay.Mode = RelayMode.Reset;
        relay.DropAll();
        var failedOver = await host.Client.VerifyPasswordAsync(request, cancellationToken: ct);

        Assert.Equal($"{SambaDomain.Host}:{relay.Port}", healthy.Server);
        Assert.Equal(VerifyOutcome.Accepted, failedOver.Outcome);
        Assert.Equal($"{SambaDomain.Host}:{SambaDomain.Port}", failedOver.Server);
        Assert.True(host.Logs.Count(3004) >= 1, "the failover is logged");
        host.Logs.AssertNoneContains([user.Password, SambaDomain.AdminPassword]);
    }

    public ValueTask InitializeAsync()
    {
        relay = new TcpRelay(IPAddress.Parse(SambaDomain.Address),
            new IPEndPoint(IPAddress.Parse(SambaDomain.Address), SambaDomain.Port));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await relay.DisposeAsync();
        await host.DisposeAsync();
    }
}
