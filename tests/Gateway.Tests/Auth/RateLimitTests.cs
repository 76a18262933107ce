using System.Net;
using Grpc.Core;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Auth;

/// <summary>
/// Per-key rate limiting on a gateway configured with a tiny bucket (3 requests, then one every 5 s), so the burst runs
/// out within a test and no refill can happen in between.
/// </summary>
public sealed class RateLimitTests(BackendsFixture suite) : IClassFixture<BackendsFixture>, IAsyncLifetime
{
    private InProcessGateway limited = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        limited = new InProcessGateway(suite.Backends, new Dictionary<string, string>
        {
            ["Gateway:Auth:RequestsPerSecondPerKey"] = "0.2",
            ["Gateway:Auth:RequestBurstPerKey"] = "3",
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => limited.DisposeAsync();

    [Fact]
    public async Task After_the_burst_a_key_gets_ResourceExhausted_saying_when_to_retry_while_other_keys_go_on()
    {
        var busy = await suite.Gateway.CreateAdminKeyAsync();
        var other = await suite.Gateway.CreateAdminKeyAsync();
        var client = new V1.Admin.AdminClient(limited.Channel(busy));
        for (var i = 0; i < 3; i++)
        {
            await client.ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct);
        }

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("RATE_LIMITED", error.GetReason());
        Assert.Matches(@"retry in [1-5] s", error.Status.Detail);
        await new V1.Admin.AdminClient(limited.Channel(other)).ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct);
    }

    [Fact]
    public async Task Over_http_the_limit_is_429_with_a_Retry_After_header()
    {
        var key = await suite.Gateway.CreateAdminKeyAsync();
        using var http = limited.CreateHttpClient(key);
        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 4; i++)
        {
            using var response = await http.GetAsync(new Uri("/v1/apiKeys", UriKind.Relative), Ct);
            statuses.Add(response.StatusCode);
            retryAfter = response.Headers.RetryAfter?.Delta;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
    }
}
