using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using ApiPermission = PasswordSync.Vault.V1.ApiPermission;

namespace PasswordSync.Gateway.Tests.Api;

/// <summary>Lists through the public API (gRPC and HTTP/JSON): readiness, optimistic updates, key scopes.</summary>
public sealed class ListsApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string[] ReadyStandardFields = ["STANDARD_FIELD_USER_NAME", "STANDARD_FIELD_ACCOUNT_TYPE"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_list_with_user_name_account_type_and_domain_or_host_is_created_ready()
    {
        var created = await api.Lists(api.AdminKey).CreateListAsync(
            new CreateListRequest { List = ApiFixture.ReadyList("ready") }, cancellationToken: Ct);

        Assert.True(created.Readiness.Ready);
        Assert.Empty(created.Readiness.Missing);
        Assert.Equal(1, created.Version);
        Assert.Contains(StandardField.UserName, created.StandardFields);
        Assert.Equal("Domain or Host", Assert.Single(created.GenericFields).Label);
        var readiness = await api.Lists(api.AdminKey).GetListReadinessAsync(
            new GetListReadinessRequest { ListId = created.Id }, cancellationToken: Ct);
        Assert.True(readiness.Ready);
    }

    [Fact]
    public async Task Readiness_of_a_list_without_account_type_and_domain_or_host_names_what_is_missing()
    {
        var list = await api.Lists(api.AdminKey).CreateListAsync(new CreateListRequest
        {
            List = new PasswordList { Name = $"not-ready-{Guid.NewGuid():N}", StandardFields = { StandardField.UserName } },
        }, cancellationToken: Ct);

        var readiness = await api.Lists(api.AdminKey).GetListReadinessAsync(
            new GetListReadinessRequest { ListId = list.Id }, cancellationToken: Ct);

        Assert.False(readiness.Ready);
        var codes = readiness.Missing.Select(m => m.Code).ToList();
        Assert.Contains("ACCOUNT_TYPE_FIELD_UNUSED", codes);
        Assert.Contains("DOMAIN_OR_HOST_FIELD_MISSING", codes);
        Assert.DoesNotContain("USER_NAME_FIELD_UNUSED", codes);
        Assert.All(readiness.Missing, m => Assert.False(string.IsNullOrWhiteSpace(m.Message)));
    }

    [Fact]
    public async Task An_update_changes_only_the_masked_fields_and_a_stale_version_is_aborted_without_change()
    {
        var lists = api.Lists(api.AdminKey);
        var created = await lists.CreateListAsync(new CreateListRequest { List = ApiFixture.ReadyList("update") },
            cancellationToken: Ct);

        // Only the generic fields are masked: the standard fields must survive (the vault replaces both at once).
        var changed = created.Clone();
        changed.GenericFields.Add(new GenericField { Key = "generic2", Label = "Owner" });
        changed.StandardFields.Clear();
        changed.Description = "not masked";
        var updated = await lists.UpdateListAsync(new UpdateListRequest
        {
            ListId = created.Id,
            List = changed,
            UpdateMask = new FieldMask { Paths = { "generic_fields" } },
            Version = created.Version,
        }, cancellationToken: Ct);

        Assert.Equal(2, updated.Version);
        Assert.Equal(["Domain or Host", "Owner"], updated.GenericFields.Select(g => g.Label));
        Assert.Equal(created.StandardFields, updated.StandardFields);
        Assert.Equal("", updated.Description);

        var stale = await Assert.ThrowsAsync<RpcException>(() => lists.UpdateListAsync(new UpdateListRequest
        {
            ListId = created.Id,
            List = new PasswordList { Description = "stale write" },
            UpdateMask = new FieldMask { Paths = { "description" } },
            Version = created.Version,
        }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal("VERSION_CONFLICT", stale.GetReason());
        var after = await lists.GetListAsync(new GetListRequest { ListId = created.Id }, cancellationToken: Ct);
        Assert.Equal(updated, after);
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_public_fields_and_changes_nothing()
    {
        var lists = api.Lists(api.AdminKey);
        var before = await ListNamesAsync();
        var bad = new PasswordList
        {
            Name = "",
            StandardFields = { StandardField.UserName },
            GenericFields = { new GenericField { Key = "generic11", Label = "Domain or Host" } },
            PreventReuseCount = 99,
        };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            lists.CreateListAsync(new CreateListRequest { List = bad }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetViolatedFields();
        Assert.Contains("list.name", fields);
        Assert.Contains("list.generic_fields[0].key", fields);
        Assert.Contains("list.prevent_reuse_count", fields);
        Assert.DoesNotContain(fields, f => f.StartsWith("list.fields", StringComparison.Ordinal));
        Assert.Contains("list.generic_fields[0].key", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await ListNamesAsync());

        var created = await lists.CreateListAsync(new CreateListRequest { List = ApiFixture.ReadyList("mask") },
            cancellationToken: Ct);
        var badMask = await Assert.ThrowsAsync<RpcException>(() => lists.UpdateListAsync(new UpdateListRequest
        {
            ListId = created.Id,
            List = new PasswordList { Name = "renamed" },
            UpdateMask = new FieldMask { Paths = { "name", "readiness", "colour" } },
            Version = 0,
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badMask.StatusCode);
        Assert.Equal(["version", "update_mask", "update_mask"], badMask.GetViolatedFields());
        Assert.Equal(created, await lists.GetListAsync(new GetListRequest { ListId = created.Id }, cancellationToken: Ct));
    }

    [Fact]
    public async Task An_unknown_list_id_is_not_found_naming_it()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => api.Lists(api.AdminKey).GetListAsync(
            new GetListRequest { ListId = "no-such-list" }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("no-such-list", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_scoped_to_list_a_is_denied_list_b_and_does_not_see_it()
    {
        var admin = api.Lists(api.AdminKey);
        var a = await admin.CreateListAsync(new CreateListRequest { List = ApiFixture.ReadyList("scope-a") }, cancellationToken: Ct);
        var b = await admin.CreateListAsync(new CreateListRequest { List = ApiFixture.ReadyList("scope-b") }, cancellationToken: Ct);
        var key = await api.KeyAsync("scoped-a", [ApiPermission.Read, ApiPermission.Write], [a.Id]);
        var scoped = api.Lists(key);

        var seen = await scoped.ListListsAsync(new ListListsRequest(), cancellationToken: Ct);
        Assert.Equal([a.Id], seen.Lists.Select(l => l.Id));
        Assert.Equal(a.Id, (await scoped.GetListAsync(new GetListRequest { ListId = a.Id }, cancellationToken: Ct)).Id);

        var denied = await Assert.ThrowsAsync<RpcException>(() =>
            scoped.GetListAsync(new GetListRequest { ListId = b.Id }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains(b.Id, denied.Status.Detail, StringComparison.Ordinal);

        var deniedDelete = await Assert.ThrowsAsync<RpcException>(() => scoped.DeleteListAsync(
            new DeleteListRequest { ListId = b.Id, Version = b.Version }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, deniedDelete.StatusCode);
        Assert.Equal(b, await admin.GetListAsync(new GetListRequest { ListId = b.Id }, cancellationToken: Ct));

        var deniedCreate = await Assert.ThrowsAsync<RpcException>(() => scoped.CreateListAsync(
            new CreateListRequest { List = ApiFixture.ReadyList("scoped-create") }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, deniedCreate.StatusCode);
    }

    [Fact]
    public async Task A_read_only_key_cannot_change_a_list()
    {
        var list = await api.Lists(api.AdminKey).CreateListAsync(
            new CreateListRequest { List = ApiFixture.ReadyList("read-only") }, cancellationToken: Ct);
        var reader = api.Lists(await api.KeyAsync("reader", [ApiPermission.Read]));

        var error = await Assert.ThrowsAsync<RpcException>(() => reader.UpdateListAsync(new UpdateListRequest
        {
            ListId = list.Id,
            List = new PasswordList { Description = "x" },
            UpdateMask = new FieldMask { Paths = { "description" } },
            Version = list.Version,
        }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("write", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(list, await reader.GetListAsync(new GetListRequest { ListId = list.Id }, cancellationToken: Ct));
    }

    [Fact]
    public async Task Lists_page_through_every_list_exactly_once()
    {
        var admin = api.Lists(api.AdminKey);
        var made = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            made.Add((await admin.CreateListAsync(new CreateListRequest { List = ApiFixture.ReadyList("page") },
                cancellationToken: Ct)).Id);
        }

        var seen = new List<string>();
        var token = "";
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await admin.ListListsAsync(new ListListsRequest { PageSize = 2, PageToken = token }, cancellationToken: Ct);
            Assert.True(page.Lists.Count <= 2);
            seen.AddRange(page.Lists.Select(l => l.Id));
            token = page.NextPageToken;
            if (token.Length == 0)
            {
                break;
            }
        }

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Superset(made.ToHashSet(), seen.ToHashSet());
    }

    [Fact]
    public async Task Http_json_creates_a_list_and_reports_bad_input_with_status_details()
    {
        using var http = api.Gateway.CreateHttpClient(api.AdminKey);
        var name = $"http-{Guid.NewGuid():N}";
        using var created = await http.PostAsJsonAsync("/v1/lists", new
        {
            name,
            standardFields = ReadyStandardFields,
            genericFields = new[] { new { key = "generic1", label = "domain or host" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var list = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(name, list.GetProperty("name").GetString());
        Assert.True(list.GetProperty("readiness").GetProperty("ready").GetBoolean());
        var id = list.GetProperty("id").GetString();

        using var fetched = await http.GetAsync($"/v1/lists/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);

        using var stale = await http.PatchAsJsonAsync($"/v1/lists/{id}",
            new { list = new { description = "x" }, updateMask = "description", version = 7 }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        using var bad = await http.PostAsJsonAsync("/v1/lists", new { name = "" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var status = await bad.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(3, status.GetProperty("code").GetInt32());
        Assert.Contains("list.name", status.GetProperty("message").GetString(), StringComparison.Ordinal);
        var violations = status.GetProperty("details").EnumerateArray()
            .Where(d => d.TryGetProperty("fieldViolations", out _))
            .SelectMany(d => d.GetProperty("fieldViolations").EnumerateArray())
            .Select(v => v.GetProperty("field").GetString());
        Assert.Contains("list.name", violations);

        using var missing = await http.GetAsync("/v1/lists/no-such-list", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<HashSet<string>> ListNamesAsync()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var token = "";
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await api.Lists(api.AdminKey).ListListsAsync(
                new ListListsRequest { PageSize = 1000, PageToken = token }, cancellationToken: Ct);
            names.UnionWith(page.Lists.Select(l => l.Name));
            token = page.NextPageToken;
            if (token.Length == 0)
            {
                break;
            }
        }

        return names;
    }
}
