using System.Security.Cryptography;
using Grpc.Core;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Auth;

/// <summary>
/// A flood of made-up keys from one address is cut off before it reaches the vault, while a key the gateway accepted
/// shortly before keeps working. The gateway allows 3 failures, then one a minute.
/// </summary>
public sealed class FailedAuthenticationLimitTests(BackendsFixture suite) : IClassFixture<BackendsFixture>, IAsyncLifetime
{
    private InProcessGateway limited = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        limited = new InProcessGateway(suite.Backends, new Dictionary<string, string>
        {
            ["Gateway:Auth:FailedAuthenticationsPerMinutePerAddress"] = "1",
            ["Gateway:Auth:FailedAuthenticationBurstPerAddress"] = "3",
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => limited.DisposeAsync();

    [Fact]
    public async Task After_three_unknown_keys_the_address_is_held_back_but_a_recently_accepted_key_still_works()
    {
        var good = await suite.Gateway.CreateAdminKeyAsync();
        var goodClient = new V1.Admin.AdminClient(limited.Channel(good));
        await goodClient.ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct);

        var statuses = new List<StatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => new V1.Admin.AdminClient(limited.Channel(MadeUpKey()))
                .ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct).ResponseAsync);
            statuses.Add(error.StatusCode);
            if (error.StatusCode == StatusCode.ResourceExhausted)
            {
                Assert.Equal("RATE_LIMITED", error.GetReason());
                Assert.Contains("unknown, revoked or expired API keys from this address", error.Status.Detail,
                    StringComparison.Ordinal);
                Assert.Matches(@"retry in \d+ s", error.Status.Detail);
            }
        }

        Assert.Equal([StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.Unauthenticated,
            StatusCode.ResourceExhausted], statuses);
        var stillServed = await goodClient.ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct);
        Assert.NotEmpty(stillServed.ApiKeys);
    }

    private static string MadeUpKey()
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return "pws_" + RandomNumberGenerator.GetString(Alphabet, 43);
    }
}
