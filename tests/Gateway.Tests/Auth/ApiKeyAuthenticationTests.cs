using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Auth;

/// <summary>Who gets in: no key, a wrong key, a malformed header, a revoked key, and what the logs never show.</summary>
public sealed class ApiKeyAuthenticationTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string UnknownKey = "pws_0000000000000000000000000000000000000000000";

    public static TheoryData<string?, string> RefusedHeaders => new()
    {
        { null, "An API key is required" },
        { "Bearer " + UnknownKey, "unknown, revoked or expired" },
        { "Bearer not-even-a-key", "unknown, revoked or expired" },
        { "Basic dXNlcjpwYXNz", "is not 'Bearer <key>'" },
    };

    [Theory]
    [MemberData(nameof(RefusedHeaders))]
    public async Task Refused_keys_are_Unauthenticated_over_gRPC_with_a_message_saying_why(string? authorization,
        string expected)
    {
        var client = new V1.Admin.AdminClient(GatewayClients.Channel(suite.Gateway, authorization));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains(expected, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("UNAUTHENTICATED", error.GetReason());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(UnknownKey)]
    public async Task Refused_keys_are_401_over_http(string? key)
    {
        using var http = suite.Gateway.CreateHttpClient(key);

        using var response = await http.GetAsync(new Uri("/v1/apiKeys", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_key_revoked_elsewhere_is_refused_once_the_cache_period_ends()
    {
        await using var shortCache = new InProcessGateway(suite.Backends, new Dictionary<string, string>
        {
            ["Gateway:Auth:ApiKeyCacheDuration"] = "00:00:01",
        });
        var admin = new V1.Admin.AdminClient(suite.Gateway.Channel(suite.AdminKey));
        var created = await admin.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = "auth-revoked-elsewhere", Permissions = { Permission.Admin },
        }, cancellationToken: Ct);
        var holder = new V1.Admin.AdminClient(shortCache.Channel(created.Key));
        await holder.ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct);

        // Revoked through another gateway: this one learns it when its cached lookup expires.
        await admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = created.ApiKey.Id }, cancellationToken: Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(1200), Ct);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            holder.ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Keys_never_reach_the_logs_of_the_gateway_or_the_vault()
    {
        var logs = new CapturedLogs();
        await using var gateway = new InProcessGateway(suite.Backends);
        await using var logged = gateway.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<ILoggerProvider>(logs)));
        var admin = new V1.Admin.AdminClient(GatewayClients.Channel(logged, GatewayClients.Bearer(suite.AdminKey)));

        var created = await admin.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = "auth-logged", Permissions = { Permission.Read },
        }, cancellationToken: Ct);
        var holder = new V1.Admin.AdminClient(GatewayClients.Channel(logged, GatewayClients.Bearer(created.Key)));
        await Assert.ThrowsAsync<RpcException>(() =>
            holder.QueryAuditAsync(new QueryAuditRequest(), cancellationToken: Ct).ResponseAsync);
        await admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = created.ApiKey.Id }, cancellationToken: Ct);
        await Assert.ThrowsAsync<RpcException>(() =>
            holder.QueryAuditAsync(new QueryAuditRequest(), cancellationToken: Ct).ResponseAsync);

        Assert.NotEmpty(logs.Lines); // the capture works: requests were logged
        foreach (var secret in new[] { created.Key, suite.AdminKey })
        {
            Assert.DoesNotContain(secret, logs.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, suite.Backends.Vault.Output, StringComparison.Ordinal);
        }

        SecretSearch.AssertNotInVaultFiles(suite.Backends, created.Key, suite.AdminKey);
    }
}
