using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Auth;

/// <summary>The public Admin service: API keys and audit, for admin keys only, over gRPC and HTTP/JSON.</summary>
public sealed class AdminApiTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private V1.Admin.AdminClient AdminClient(string key) => new(suite.Gateway.Channel(key));

    private static string Unique(string name) => $"auth-{name}-{Guid.NewGuid():N}"[..40];

    [Fact]
    public async Task Admin_creates_a_key_that_is_shown_once_works_and_is_listed_without_its_secret()
    {
        var admin = AdminClient(suite.AdminKey);
        var name = Unique("created");

        var created = await admin.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = name,
            Permissions = { Permission.Read, Permission.Sync },
            ExpireTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
        }, cancellationToken: Ct);

        Assert.StartsWith("pws_", created.Key, StringComparison.Ordinal);
        Assert.Equal([Permission.Read, Permission.Sync], created.ApiKey.Permissions);
        Assert.StartsWith("apikey:", created.ApiKey.CreatedBy, StringComparison.Ordinal);
        var listed = await ListAllAsync(admin);
        var entry = Assert.Single(listed, k => k.Id == created.ApiKey.Id);
        Assert.Equal(name, entry.Name);
        Assert.StartsWith(entry.Prefix, created.Key, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Key, entry.ToString(), StringComparison.Ordinal);

        // The new key authenticates (and, lacking admin, is refused the admin call by permission, not by identity).
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            AdminClient(created.Key).ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task A_read_only_key_cannot_create_keys_revoke_them_or_read_the_audit_and_nothing_changes()
    {
        var reader = await suite.Gateway.CreateApiKeyAsync(Unique("reader"), [Vault.V1.ApiPermission.Read]);
        var client = AdminClient(reader);
        var before = (await ListAllAsync(AdminClient(suite.AdminKey))).Count;

        var calls = new Func<Task>[]
        {
            () => client.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "sneaky", Permissions = { Permission.Admin } },
                cancellationToken: Ct).ResponseAsync,
            () => client.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = "anything" }, cancellationToken: Ct).ResponseAsync,
            () => client.QueryAuditAsync(new QueryAuditRequest(), cancellationToken: Ct).ResponseAsync,
            () => client.VerifyAuditAsync(new VerifyAuditRequest(), cancellationToken: Ct).ResponseAsync,
        };
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
            Assert.Contains("'admin' permission", error.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(before, (await ListAllAsync(AdminClient(suite.AdminKey))).Count);
    }

    [Fact]
    public async Task A_list_scoped_key_without_admin_is_refused_admin_calls()
    {
        var lists = suite.Gateway.Services.GetRequiredService<Vault.V1.PasswordLists.PasswordListsClient>();
        var list = await lists.CreateListAsync(new Vault.V1.CreateListRequest
        {
            List = new Vault.V1.PasswordList
            {
                Name = Unique("list"),
                Fields = new Vault.V1.FieldConfiguration
                {
                    StandardFields = { Vault.V1.StandardField.Title, Vault.V1.StandardField.UserName },
                },
            },
        }, cancellationToken: Ct);
        var created = await AdminClient(suite.AdminKey).CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = Unique("scoped"),
            Permissions = { Permission.Read, Permission.Write },
            ListIds = { list.Id },
        }, cancellationToken: Ct);
        Assert.Equal([list.Id], created.ApiKey.ListIds);

        var error = await Assert.ThrowsAsync<RpcException>(() => AdminClient(created.Key)
            .QueryAuditAsync(new QueryAuditRequest { ListId = list.Id }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task Revoked_key_is_refused_at_once_by_the_gateway_that_revoked_it()
    {
        var admin = AdminClient(suite.AdminKey);
        var created = await admin.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = Unique("revoked"),
            Permissions = { Permission.Admin },
        }, cancellationToken: Ct);
        var holder = AdminClient(created.Key);
        await holder.ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct); // now cached

        var revoked = await admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = created.ApiKey.Id }, cancellationToken: Ct);

        Assert.NotNull(revoked.RevokeTime);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            holder.ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("revoked", error.Status.Detail, StringComparison.Ordinal);
        using var http = suite.Gateway.CreateHttpClient(created.Key);
        using var response = await http.GetAsync(new Uri("/v1/apiKeys", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Bad_requests_name_the_public_field_and_create_nothing()
    {
        var admin = AdminClient(suite.AdminKey);
        var before = (await ListAllAsync(admin)).Count;

        var pastExpiry = await Assert.ThrowsAsync<RpcException>(() => admin.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = Unique("expired"),
            Permissions = { Permission.Read },
            ExpireTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
        }, cancellationToken: Ct).ResponseAsync);
        var noPermission = await Assert.ThrowsAsync<RpcException>(() => admin.CreateApiKeyAsync(
            new CreateApiKeyRequest { Name = Unique("none") }, cancellationToken: Ct).ResponseAsync);
        var unknownList = await Assert.ThrowsAsync<RpcException>(() => admin.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = Unique("nolist"),
            Permissions = { Permission.Read },
            ListIds = { "0123456789abcdef0123456789abcdef" },
        }, cancellationToken: Ct).ResponseAsync);
        var backwards = await Assert.ThrowsAsync<RpcException>(() => admin.QueryAuditAsync(new QueryAuditRequest
        {
            FromTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            ToTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
        }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(["expire_time"], pastExpiry.GetViolatedFields());
        Assert.Equal(["permissions"], noPermission.GetViolatedFields());
        Assert.Equal(["list_ids[0]"], unknownList.GetViolatedFields());
        Assert.Equal(["to_time"], backwards.GetViolatedFields());
        Assert.All([pastExpiry, noPermission, unknownList, backwards],
            e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.Equal(before, (await ListAllAsync(admin)).Count);
    }

    [Fact]
    public async Task Key_use_is_audited_once_per_cache_period_and_the_audit_chain_verifies()
    {
        var admin = AdminClient(suite.AdminKey);
        var created = await admin.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = Unique("audited"),
            Permissions = { Permission.Read },
        }, cancellationToken: Ct);
        var holder = AdminClient(created.Key);
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() =>
                holder.ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct).ResponseAsync);
        }

        var used = await admin.QueryAuditAsync(new QueryAuditRequest
        {
            Action = "ApiKeyUsed",
            Actor = $"apikey:{created.ApiKey.Id}",
        }, cancellationToken: Ct);
        var creation = await admin.QueryAuditAsync(new QueryAuditRequest { Action = "ApiKeyCreated" }, cancellationToken: Ct);
        var verified = await admin.VerifyAuditAsync(new VerifyAuditRequest(), cancellationToken: Ct);

        Assert.Single(used.Events);
        Assert.Contains(creation.Events, e => e.Detail.Contains(created.ApiKey.Id, StringComparison.Ordinal)
                                               && e.Hash.Length == 64 && e.PreviousHash.Length == 64);
        Assert.True(verified.Valid, verified.Problem);
        Assert.Equal(64, verified.HeadHash.Length);
    }

    [Fact]
    public async Task Http_json_create_needs_admin_and_returns_the_key_once()
    {
        var reader = await suite.Gateway.CreateApiKeyAsync(Unique("http-reader"), [Vault.V1.ApiPermission.Read]);
        var body = $$"""{"name":"{{Unique("http")}}","permissions":["PERMISSION_READ"]}""";

        using var refused = await PostAsync(reader, body);
        using var accepted = await PostAsync(suite.AdminKey, body);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var json = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith("pws_", json.RootElement.GetProperty("key").GetString(), StringComparison.Ordinal);
        Assert.Equal("PERMISSION_READ", json.RootElement.GetProperty("apiKey").GetProperty("permissions")[0].GetString());
    }

    private async Task<HttpResponseMessage> PostAsync(string key, string json)
    {
        using var http = suite.Gateway.CreateHttpClient(key);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await http.PostAsync(new Uri("/v1/apiKeys", UriKind.Relative), content, Ct);
    }

    private static async Task<List<ApiKey>> ListAllAsync(V1.Admin.AdminClient admin)
    {
        var all = new List<ApiKey>();
        var request = new ListApiKeysRequest { PageSize = 100 };
        for (var page = 0; page < 100; page++)
        {
            var response = await admin.ListApiKeysAsync(request, cancellationToken: Ct);
            all.AddRange(response.ApiKeys);
            if (response.NextPageToken.Length == 0)
            {
                break;
            }

            request.PageToken = response.NextPageToken;
        }

        return all;
    }
}
