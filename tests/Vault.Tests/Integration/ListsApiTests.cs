using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;
using static PasswordSync.Vault.Tests.Integration.VaultHostScenarios;
using ReadinessRules = PasswordSync.Vault.Readiness.ListReadiness;

namespace PasswordSync.Vault.Tests.Integration;

public sealed class ListsApiTests(VaultHostFixture fixture) : IClassFixture<VaultHostFixture>
{
    private readonly VaultHost host = fixture.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Created_list_reads_back_with_its_configuration_and_is_ready()
    {
        var created = await host.CreateReadyListAsync(preventReuseCount: 5);

        var read = await host.Lists().GetListAsync(new GetListRequest { Id = created.Id }, cancellationToken: Ct);

        Assert.Equal(created, read);
        Assert.Equal(1, read.Version);
        Assert.Equal(5, read.PreventReuseCount);
        Assert.Equal(20, read.Policy.Length);
        Assert.True(read.Readiness.Ready);
        Assert.Equal(["Domain or Host", "Owner"], read.Fields.GenericFields.Select(g => g.Label));
    }

    [Fact]
    public async Task Readiness_lists_what_is_missing()
    {
        var created = await host.Lists().CreateListAsync(new CreateListRequest
        {
            List = new PasswordList
            {
                Name = "Not ready " + Guid.NewGuid().ToString("N")[..6],
                Fields = new FieldConfiguration { StandardFields = { StandardField.Title, StandardField.UserName } },
            },
        }, cancellationToken: Ct);

        var readiness = await host.Lists().GetListReadinessAsync(new GetListReadinessRequest { Id = created.Id },
            cancellationToken: Ct);

        Assert.False(readiness.Ready);
        Assert.Equal([ReadinessRules.AccountTypeUnused, ReadinessRules.DomainOrHostMissing], readiness.Missing.Select(m => m.Code));
        Assert.Equal(readiness, created.Readiness);
    }

    [Fact]
    public async Task Update_changes_only_masked_fields_and_bumps_the_version()
    {
        var list = await host.CreateReadyListAsync();
        var change = new PasswordList { Id = list.Id, Version = list.Version, Name = list.Name + " renamed", Description = "not masked" };

        var updated = await host.Lists().UpdateListAsync(new UpdateListRequest
        {
            List = change,
            UpdateMask = FieldMask.FromString("name"),
        }, cancellationToken: Ct);

        Assert.Equal(list.Name + " renamed", updated.Name);
        Assert.Equal(list.Description, updated.Description);
        Assert.Equal(list.Fields, updated.Fields);
        Assert.Equal(2, updated.Version);
    }

    [Fact]
    public async Task Stale_version_is_aborted_and_changes_nothing()
    {
        var list = await host.CreateReadyListAsync();
        await host.Lists().UpdateListAsync(new UpdateListRequest
        {
            List = new PasswordList { Id = list.Id, Version = 1, Description = "first writer" },
            UpdateMask = FieldMask.FromString("description"),
        }, cancellationToken: Ct);
        var auditBefore = await host.AuditCountAsync();

        var error = await FailsWith(StatusCode.Aborted, async () => await host.Lists().UpdateListAsync(new UpdateListRequest
        {
            List = new PasswordList { Id = list.Id, Version = 1, Description = "second writer" },
            UpdateMask = FieldMask.FromString("description"),
        }, cancellationToken: Ct));

        Assert.Equal("VERSION_CONFLICT", error.GetReason());
        var stored = await host.Store.Lists.GetAsync(list.Id, Ct);
        Assert.Equal("first writer", stored!.Description);
        Assert.Equal(2, stored.Version);
        Assert.Equal(auditBefore, await host.AuditCountAsync());
    }

    [Fact]
    public async Task Invalid_list_is_refused_naming_every_field_and_leaves_no_trace()
    {
        var name = "Bad " + Guid.NewGuid().ToString("N");
        var auditBefore = await host.AuditCountAsync();

        var error = await FailsWith(StatusCode.InvalidArgument, async () => await host.Lists().CreateListAsync(new CreateListRequest
        {
            List = new PasswordList
            {
                Name = name + "\n",
                PreventReuseCount = 30,
                Policy = new V1.PasswordPolicy { Length = 16 }, // no character class enabled
                Fields = new FieldConfiguration
                {
                    GenericFields =
                    {
                        new GenericField { Key = "generic1", Label = "Host" },
                        new GenericField { Key = "generic2", Label = " HOST " },
                        new GenericField { Key = "generic12", Label = new string('x', 65) },
                    },
                },
            },
        }, cancellationToken: Ct));

        var fields = error.GetViolatedFields();
        Assert.Contains("list.name", fields);
        Assert.Contains("list.prevent_reuse_count", fields);
        Assert.Contains("list.fields.generic_fields[1].label", fields);
        Assert.Contains("list.fields.generic_fields[2].key", fields);
        Assert.Contains("list.fields.generic_fields[2].label", fields);
        Assert.Contains(fields, f => f.StartsWith("list.policy.", StringComparison.Ordinal));
        Assert.Equal(auditBefore, await host.AuditCountAsync());
        Assert.DoesNotContain(await AllListsAsync(), l => l.Name.StartsWith(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Update_with_unsatisfiable_policy_is_refused_and_changes_nothing()
    {
        var list = await host.CreateReadyListAsync();
        var policy = list.Policy.Clone();
        policy.Length = 6;
        policy.MinDigits = 4;
        policy.MinSymbols = 4;

        var error = await FailsWith(StatusCode.InvalidArgument, async () => await host.Lists().UpdateListAsync(
            new UpdateListRequest
            {
                List = new PasswordList { Id = list.Id, Version = list.Version, Policy = policy },
                UpdateMask = FieldMask.FromString("policy"),
            }, cancellationToken: Ct));

        Assert.All(error.GetViolatedFields(), f => Assert.StartsWith("list.policy.", f, StringComparison.Ordinal));
        var stored = await host.Lists().GetListAsync(new GetListRequest { Id = list.Id }, cancellationToken: Ct);
        Assert.Equal(list, stored);
    }

    [Fact]
    public async Task Update_without_mask_or_with_unknown_path_is_refused()
    {
        var list = await host.CreateReadyListAsync();

        var noMask = await FailsWith(StatusCode.InvalidArgument, async () => await host.Lists().UpdateListAsync(
            new UpdateListRequest { List = new PasswordList { Id = list.Id, Version = 1, Name = "x" } }, cancellationToken: Ct));
        var unknown = await FailsWith(StatusCode.InvalidArgument, async () => await host.Lists().UpdateListAsync(
            new UpdateListRequest
            {
                List = new PasswordList { Id = list.Id, Version = 1, Name = "x" },
                UpdateMask = FieldMask.FromString("name,version"),
            }, cancellationToken: Ct));

        AssertFields(noMask, "update_mask");
        AssertFields(unknown, "update_mask");
        Assert.Equal(list.Name, (await host.Store.Lists.GetAsync(list.Id, Ct))!.Name);
    }

    [Fact]
    public async Task Duplicate_name_is_refused_case_insensitively()
    {
        var list = await host.CreateReadyListAsync();

        var error = await FailsWith(StatusCode.AlreadyExists, async () =>
            await host.CreateReadyListAsync(name: list.Name.ToUpperInvariant()));

        Assert.Equal("ALREADY_EXISTS", error.GetReason());
    }

    [Fact]
    public async Task Unknown_list_is_not_found()
    {
        await FailsWith(StatusCode.NotFound, async () =>
            await host.Lists().GetListAsync(new GetListRequest { Id = "no-such-list" }, cancellationToken: Ct));
        await FailsWith(StatusCode.NotFound, async () =>
            await host.Lists().GetListReadinessAsync(new GetListReadinessRequest { Id = "no-such-list" }, cancellationToken: Ct));
        var empty = await FailsWith(StatusCode.InvalidArgument, async () =>
            await host.Lists().GetListAsync(new GetListRequest(), cancellationToken: Ct));
        AssertFields(empty, "id");
    }

    [Fact]
    public async Task Lists_page_through_every_list_exactly_once()
    {
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await host.CreateReadyListAsync()).Id);
        }

        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await host.Lists().ListListsAsync(new ListListsRequest { PageSize = 3, PageToken = token },
                cancellationToken: Ct);
            Assert.True(page.Lists.Count <= 3);
            seen.AddRange(page.Lists.Select(l => l.Id));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0 && pages < 100);

        Assert.True(pages >= 3);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Superset(created.ToHashSet(), seen.ToHashSet());
    }

    [Fact]
    public async Task Forged_page_token_is_invalid_argument()
    {
        var error = await FailsWith(StatusCode.InvalidArgument, async () =>
            await host.Lists().ListListsAsync(new ListListsRequest { PageToken = "forged" }, cancellationToken: Ct));

        AssertFields(error, "page_token");
    }

    [Fact]
    public async Task Empty_list_is_deleted_and_a_list_with_records_is_not()
    {
        var empty = await host.CreateReadyListAsync();
        var used = await host.CreateReadyListAsync();
        await host.CreateRecordAsync(used.Id, "keeps the list");

        await host.Lists().DeleteListAsync(new DeleteListRequest { Id = empty.Id, Version = empty.Version }, cancellationToken: Ct);
        await FailsWith(StatusCode.FailedPrecondition, async () =>
            await host.Lists().DeleteListAsync(new DeleteListRequest { Id = used.Id, Version = used.Version }, cancellationToken: Ct));

        Assert.Null(await host.Store.Lists.GetAsync(empty.Id, Ct));
        Assert.NotNull(await host.Store.Lists.GetAsync(used.Id, Ct));
    }

    [Fact]
    public async Task Changes_are_audited_with_the_actor()
    {
        var list = await host.CreateReadyListAsync();

        var events = await host.Store.Audit.QueryAsync(new AuditQuery(ListId: list.Id), PageRequest.First(), Ct);

        var created = Assert.Single(events.Items);
        Assert.Equal(Model.AuditAction.ListCreated, created.Action);
        Assert.Equal(VaultHost.DefaultActor, created.Actor);
    }

    private async Task<List<PasswordList>> AllListsAsync()
    {
        var all = new List<PasswordList>();
        var token = "";
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await host.Lists().ListListsAsync(new ListListsRequest { PageSize = 1000, PageToken = token },
                cancellationToken: Ct);
            all.AddRange(page.Lists);
            token = page.NextPageToken;
            if (token.Length == 0)
            {
                break;
            }
        }

        return all;
    }
}
