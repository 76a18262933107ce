using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using ApiPermission = PasswordSync.Vault.V1.ApiPermission;

namespace PasswordSync.Gateway.Tests.Api;

/// <summary>Password generation from a list's policy (list read access) or an explicit policy.</summary>
public sealed class PasswordsApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Passwords_follow_the_lists_policy()
    {
        var ready = ApiFixture.ReadyList("generate");
        ready.Policy = new PasswordPolicy
        {
            Length = 24,
            UseDigits = true,
            MinDigits = 24,
        };
        var list = await api.Lists(api.AdminKey).CreateListAsync(new CreateListRequest { List = ready }, cancellationToken: Ct);
        var reader = api.Passwords(await api.KeyAsync("generator", [ApiPermission.Read], [list.Id]));

        var generated = await reader.GeneratePasswordsAsync(
            new GeneratePasswordsRequest { ListId = list.Id, Count = 3 }, cancellationToken: Ct);

        Assert.Equal(3, generated.Passwords.Count);
        Assert.All(generated.Passwords, p => Assert.Matches("^[0-9]{24}$", p));
        Assert.Equal(3, generated.Passwords.Distinct().Count());
        api.AssertNoLogContains([.. generated.Passwords]);
    }

    [Fact]
    public async Task An_explicit_policy_works_over_http_and_an_impossible_one_names_its_fields()
    {
        using var http = api.Gateway.CreateHttpClient(await api.KeyAsync("http-generator", [ApiPermission.Read]));

        using var ok = await http.PostAsJsonAsync("/v1/passwords:generate",
            new { policy = new { length = 16, useLowercase = true, minLowercase = 16 } }, Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var password = Assert.Single((await ok.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("passwords").EnumerateArray());
        Assert.Matches("^[a-z]{16}$", password.GetString());

        using var impossible = await http.PostAsJsonAsync("/v1/passwords:generate",
            new { policy = new { length = 4, useDigits = true, minDigits = 10 } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, impossible.StatusCode);
        var status = await impossible.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("policy.", status.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_scoped_to_another_list_cannot_use_this_lists_policy()
    {
        var admin = api.Lists(api.AdminKey);
        var mine = await admin.CreateListAsync(new CreateListRequest { List = ApiFixture.ReadyList("gen-mine") }, cancellationToken: Ct);
        var theirs = await admin.CreateListAsync(new CreateListRequest { List = ApiFixture.ReadyList("gen-theirs") }, cancellationToken: Ct);
        var scoped = api.Passwords(await api.KeyAsync("gen-scoped", [ApiPermission.Read], [mine.Id]));

        var error = await Assert.ThrowsAsync<RpcException>(() => scoped.GeneratePasswordsAsync(
            new GeneratePasswordsRequest { ListId = theirs.Id }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);

        var missing = await Assert.ThrowsAsync<RpcException>(() => api.Passwords(api.AdminKey).GeneratePasswordsAsync(
            new GeneratePasswordsRequest { ListId = "ghost-list" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        var tooMany = await Assert.ThrowsAsync<RpcException>(() => api.Passwords(api.AdminKey).GeneratePasswordsAsync(
            new GeneratePasswordsRequest { ListId = mine.Id, Count = 1000 }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(["count"], tooMany.GetViolatedFields());
    }
}
