using Grpc.Core;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Smoke;

/// <summary>The harness works: real vault and directory-sync processes, gateway in-process, keys checked.</summary>
public sealed class AuthenticationSmokeTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    [Fact]
    public async Task A_call_without_a_key_is_unauthenticated()
    {
        var client = new V1.Sync.SyncClient(suite.Gateway.Channel("pws_not-a-real-key"));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetJobAsync(new GetJobRequest { JobId = "x" }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Health_answers_without_a_key()
    {
        using var http = suite.Gateway.CreateHttpClient(apiKey: null);

        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode, $"/health answered {(int)response.StatusCode}");
    }
}
