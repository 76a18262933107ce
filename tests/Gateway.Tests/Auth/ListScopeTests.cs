using System.Net;
using Grpc.Core;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Auth;

/// <summary>A key scoped to list A, end to end through the public Lists service: list B is out of its reach.</summary>
public sealed class ListScopeTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_scoped_to_list_A_reads_A_and_gets_PermissionDenied_naming_list_B()
    {
        var lists = new Lists.ListsClient(suite.Gateway.Channel(suite.AdminKey));
        var listA = await CreateListAsync(lists, "a");
        var listB = await CreateListAsync(lists, "b");
        var created = await new V1.Admin.AdminClient(suite.Gateway.Channel(suite.AdminKey)).CreateApiKeyAsync(
            new CreateApiKeyRequest { Name = "auth-scope-a", Permissions = { Permission.Read }, ListIds = { listA.Id } },
            cancellationToken: Ct);
        var scoped = new Lists.ListsClient(suite.Gateway.Channel(created.Key));

        var readA = await scoped.GetListAsync(new GetListRequest { ListId = listA.Id }, cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            scoped.GetListAsync(new GetListRequest { ListId = listB.Id }, cancellationToken: Ct).ResponseAsync);
        using var http = suite.Gateway.CreateHttpClient(created.Key);
        using var overHttp = await http.GetAsync(new Uri($"/v1/lists/{listB.Id}", UriKind.Relative), Ct);

        Assert.Equal(listA.Name, readA.Name);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("PERMISSION_DENIED", error.GetReason());
        Assert.Contains(listB.Id, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, overHttp.StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_write_permission_cannot_change_its_own_list_and_nothing_changes()
    {
        var lists = new Lists.ListsClient(suite.Gateway.Channel(suite.AdminKey));
        var list = await CreateListAsync(lists, "ro");
        var created = await new V1.Admin.AdminClient(suite.Gateway.Channel(suite.AdminKey)).CreateApiKeyAsync(
            new CreateApiKeyRequest { Name = "auth-scope-ro", Permissions = { Permission.Read }, ListIds = { list.Id } },
            cancellationToken: Ct);
        var scoped = new Lists.ListsClient(suite.Gateway.Channel(created.Key));

        var error = await Assert.ThrowsAsync<RpcException>(() => scoped.DeleteListAsync(
            new DeleteListRequest { ListId = list.Id }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("'write'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(list.Version, (await lists.GetListAsync(new GetListRequest { ListId = list.Id }, cancellationToken: Ct)).Version);
    }

    private static Task<PasswordList> CreateListAsync(Lists.ListsClient lists, string suffix) =>
        lists.CreateListAsync(new CreateListRequest
        {
            List = new PasswordList
            {
                Name = $"auth-scope-{suffix}-{Guid.NewGuid():N}",
                StandardFields = { StandardField.Title, StandardField.UserName },
            },
        }, cancellationToken: Ct).ResponseAsync;
}
