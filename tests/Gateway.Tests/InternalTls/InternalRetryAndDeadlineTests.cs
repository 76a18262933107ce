using System.Diagnostics;
using Grpc.Core;
using PasswordSync.Directory.V1;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Tests.InternalTls;

/// <summary>
/// The gateway's internal clients retry Unavailable only (and never a directory call that is unsafe to repeat), and
/// give every call a deadline. Attempts are counted by a real Kestrel server that answers with the chosen status.
/// </summary>
public sealed class InternalRetryAndDeadlineTests
{
    private const string ListTargets = "/passwordsync.vault.v1.TargetService/ListTargets";
    private const string DirectoryService = "/passwordsync.directory.v1.DirectorySync/";

    [Fact]
    public async Task Unavailable_from_the_vault_is_retried_up_to_MaxAttempts()
    {
        await using var server = await FakeInternalServer.StartAsync();
        server.Status = (int)StatusCode.Unavailable;
        await using var clients = Clients(server);

        var error = await Assert.ThrowsAsync<RpcException>(() => clients.Client<TargetService.TargetServiceClient>()
            .ListTargetsAsync(new ListTargetsRequest(), cancellationToken: TestContext.Current.CancellationToken)
            .ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(3, server.Attempts(ListTargets));
    }

    [Theory]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.Aborted)]
    public async Task Any_other_status_from_the_vault_is_an_answer_and_is_not_retried(StatusCode status)
    {
        await using var server = await FakeInternalServer.StartAsync();
        server.Status = (int)status;
        await using var clients = Clients(server);

        var error = await Assert.ThrowsAsync<RpcException>(() => clients.Client<TargetService.TargetServiceClient>()
            .ListTargetsAsync(new ListTargetsRequest(), cancellationToken: TestContext.Current.CancellationToken)
            .ResponseAsync);

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(1, server.Attempts(ListTargets));
    }

    [Fact]
    public async Task Directory_calls_safe_to_repeat_are_retried_on_Unavailable()
    {
        await using var server = await FakeInternalServer.StartAsync();
        server.Status = (int)StatusCode.Unavailable;
        await using var clients = Clients(server);
        var client = clients.Client<DirectorySync.DirectorySyncClient>();
        var token = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<RpcException>(() =>
            client.ResetPasswordAsync(new ResetPasswordRequest(), cancellationToken: token).ResponseAsync);
        await Assert.ThrowsAsync<RpcException>(() =>
            client.GetAccountStateAsync(new GetAccountStateRequest(), cancellationToken: token).ResponseAsync);

        Assert.Equal(3, server.Attempts(DirectoryService + "ResetPassword"));
        Assert.Equal(3, server.Attempts(DirectoryService + "GetAccountState"));
    }

    [Fact]
    public async Task Password_change_and_verification_are_never_retried_even_on_Unavailable()
    {
        await using var server = await FakeInternalServer.StartAsync();
        server.Status = (int)StatusCode.Unavailable;
        await using var clients = Clients(server);
        var client = clients.Client<DirectorySync.DirectorySyncClient>();
        var token = TestContext.Current.CancellationToken;

        // A second change after an ambiguous one, or a second bind (one more failure toward lockout), would be unsafe.
        var change = await Assert.ThrowsAsync<RpcException>(() =>
            client.ChangePasswordAsync(new ChangePasswordRequest(), cancellationToken: token).ResponseAsync);
        var verify = await Assert.ThrowsAsync<RpcException>(() =>
            client.VerifyPasswordAsync(new VerifyPasswordRequest(), cancellationToken: token).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, change.StatusCode);
        Assert.Equal(StatusCode.Unavailable, verify.StatusCode);
        Assert.Equal(1, server.Attempts(DirectoryService + "ChangePassword"));
        Assert.Equal(1, server.Attempts(DirectoryService + "VerifyPassword"));
    }

    [Fact]
    public async Task MaxAttempts_of_one_turns_retries_off()
    {
        await using var server = await FakeInternalServer.StartAsync();
        server.Status = (int)StatusCode.Unavailable;
        await using var clients = Clients(server, ("Gateway:Internal:MaxAttempts", "1"));

        await Assert.ThrowsAsync<RpcException>(() => clients.Client<TargetService.TargetServiceClient>()
            .ListTargetsAsync(new ListTargetsRequest(), cancellationToken: TestContext.Current.CancellationToken)
            .ResponseAsync);

        Assert.Equal(1, server.Attempts(ListTargets));
    }

    [Fact]
    public async Task A_call_without_a_deadline_gets_the_configured_one()
    {
        await using var server = await FakeInternalServer.StartAsync();
        server.Hang = true;
        await using var clients = Clients(server, ("Gateway:Internal:CallTimeout", "00:00:01"));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => clients.Client<TargetService.TargetServiceClient>()
            .ListTargetsAsync(new ListTargetsRequest(), cancellationToken: TestContext.Current.CancellationToken)
            .ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"gave up after {watch.Elapsed}");
    }

    [Fact]
    public async Task The_deadline_travels_to_the_service_so_it_stops_working_on_an_abandoned_call()
    {
        await using var server = await FakeInternalServer.StartAsync();
        server.Status = (int)StatusCode.Internal;
        await using var clients = Clients(server, ("Gateway:Internal:CallTimeout", "00:00:20"));

        await Assert.ThrowsAsync<RpcException>(() => clients.Client<TargetService.TargetServiceClient>()
            .ListTargetsAsync(new ListTargetsRequest(), cancellationToken: TestContext.Current.CancellationToken)
            .ResponseAsync);

        // grpc-timeout is "<amount><unit>"; gRPC may round, but it must be about 20 s, not missing or infinite.
        var timeout = Assert.Single(server.Calls).Timeout;
        Assert.NotNull(timeout);
        var seconds = ToSeconds(timeout);
        Assert.InRange(seconds, 15, 21);
    }

    [Fact]
    public async Task A_deadline_set_by_the_caller_is_kept()
    {
        await using var server = await FakeInternalServer.StartAsync();
        server.Hang = true;
        await using var clients = Clients(server, ("Gateway:Internal:CallTimeout", "00:05:00"));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => clients.Client<TargetService.TargetServiceClient>()
            .ListTargetsAsync(new ListTargetsRequest(), deadline: DateTime.UtcNow.AddMilliseconds(300),
                cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"gave up after {watch.Elapsed}");
    }

    private static double ToSeconds(string grpcTimeout)
    {
        var amount = double.Parse(grpcTimeout[..^1], System.Globalization.CultureInfo.InvariantCulture);
        return grpcTimeout[^1] switch
        {
            'H' => amount * 3600,
            'M' => amount * 60,
            'S' => amount,
            'm' => amount / 1e3,
            'u' => amount / 1e6,
            'n' => amount / 1e9,
            _ => throw new FormatException($"grpc-timeout '{grpcTimeout}'"),
        };
    }

    private static InternalClientsHost Clients(FakeInternalServer server, params (string Key, string Value)[] extra)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Gateway:Vault:Address"] = server.Address.ToString(),
            ["Gateway:DirectorySync:Address"] = server.Address.ToString(),
            // Short back-off: the tests count attempts, not wait for them.
            ["Gateway:Internal:InitialBackoff"] = "00:00:00.020",
        };
        foreach (var (key, value) in extra)
        {
            configuration[key] = value;
        }

        return new InternalClientsHost(configuration);
    }
}
