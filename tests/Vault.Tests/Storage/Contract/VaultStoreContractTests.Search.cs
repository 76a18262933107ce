using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

public abstract partial class VaultStoreContractTests
{
    [Fact]
    public async Task Search_pages_over_more_than_two_pages_in_id_order_without_duplicates()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await AddRecordAsync(store, ContractData.Record(list.Id))).Id);
        }

        var pages = 0;
        var all = await ReadAllPagesAsync(p => store.Records.SearchAsync(new RecordQuery(list.Id), p, Ct), 3,
            page => pages++);

        Assert.Equal(3, pages);
        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(r => r.Id));
    }

    [Fact]
    public async Task Paging_is_stable_when_records_are_added_between_pages()
    {
        var (store, list) = await CreateStoreWithListAsync();
        for (var i = 0; i < 4; i++)
        {
            await AddRecordAsync(store, ContractData.Record(list.Id));
        }

        var first = await store.Records.SearchAsync(new RecordQuery(list.Id), PageRequest.First(2), Ct);
        // An id sorting before everything on the first page must not shift the next page.
        await AddRecordAsync(store, ContractData.Record(list.Id) with { Id = "0000-first" });
        var second = await store.Records.SearchAsync(new RecordQuery(list.Id), new PageRequest(2, first.NextPageToken), Ct);

        Assert.Equal(2, second.Items.Count);
        Assert.Empty(first.Items.Select(r => r.Id).Intersect(second.Items.Select(r => r.Id)));
        Assert.True(string.CompareOrdinal(first.Items[^1].Id, second.Items[0].Id) < 0);
    }

    [Fact]
    public async Task Page_token_from_another_query_or_garbage_is_InvalidPageToken()
    {
        var (store, list) = await CreateStoreWithListAsync();
        for (var i = 0; i < 3; i++)
        {
            await AddRecordAsync(store, ContractData.Record(list.Id));
        }

        var page = await store.Records.SearchAsync(new RecordQuery(list.Id), PageRequest.First(1), Ct);
        Assert.NotEmpty(page.NextPageToken);

        await AssertRefusedAsync(StoreError.InvalidPageToken, () => store.Records.SearchAsync(
            new RecordQuery(list.Id, Title: "backup"), new PageRequest(1, page.NextPageToken), Ct));
        await AssertRefusedAsync(StoreError.InvalidPageToken,
            () => store.Lists.ListAsync(new PageRequest(1, page.NextPageToken), null, Ct));
        await AssertRefusedAsync(StoreError.InvalidPageToken, () => store.Records.SearchAsync(
            new RecordQuery(list.Id), new PageRequest(1, "not a token!"), Ct));
        await AssertRefusedAsync(StoreError.InvalidPageToken, () => store.Audit.QueryAsync(
            new AuditQuery(), new PageRequest(1, page.NextPageToken), Ct));
    }

    [Fact]
    public async Task Page_size_zero_means_the_default_size()
    {
        var (store, list) = await CreateStoreWithListAsync();
        for (var i = 0; i < 3; i++)
        {
            await AddRecordAsync(store, ContractData.Record(list.Id));
        }

        var page = await store.Records.SearchAsync(new RecordQuery(list.Id), new PageRequest(0, null), Ct);

        Assert.Equal(3, page.Items.Count);
        Assert.Equal("", page.NextPageToken);
    }

    [Fact]
    public async Task Search_by_title_user_and_domain_is_a_case_insensitive_substring_match()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var sql = await AddRecordAsync(store, ContractData.Record(list.Id, "SQL Server Agent", "CORP\\sqlAgent", "db01.Corp.example"));
        var web = await AddRecordAsync(store, ContractData.Record(list.Id, "Web pool", "webpool@corp.example", "web01.corp.example"));
        await AddRecordAsync(store, ContractData.Record(list.Id, "Ünïcode Admin", "ädmin", "host.example"));

        async Task<string[]> Find(RecordQuery q) =>
            (await store.Records.SearchAsync(q, PageRequest.First(), Ct)).Items.Select(r => r.Id).ToArray();

        Assert.Equal([sql.Id], await Find(new RecordQuery(list.Id, Title: "server AGENT")));
        Assert.Equal([sql.Id], await Find(new RecordQuery(list.Id, UserName: "SQLAGENT")));
        Assert.Equal([web.Id], await Find(new RecordQuery(list.Id, DomainOrHost: "WEB01")));
        Assert.Equal(2, (await Find(new RecordQuery(list.Id, DomainOrHost: "corp.EXAMPLE"))).Length);
        Assert.Equal([sql.Id], await Find(new RecordQuery(list.Id, Title: "agent", DomainOrHost: "db01")));
        Assert.Empty(await Find(new RecordQuery(list.Id, Title: "agent", DomainOrHost: "web01")));
        Assert.Single(await Find(new RecordQuery(list.Id, Title: "ÜNÏCODE")));
        Assert.Single(await Find(new RecordQuery(list.Id, UserName: "ÄDMIN")));
    }

    [Fact]
    public async Task Search_takes_percent_underscore_and_backslash_literally()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var percent = await AddRecordAsync(store, ContractData.Record(list.Id, "100% uptime"));
        var underscore = await AddRecordAsync(store, ContractData.Record(list.Id, "svc_backup"));
        var backslash = await AddRecordAsync(store, ContractData.Record(list.Id, "CORP\\admin"));
        await AddRecordAsync(store, ContractData.Record(list.Id, "1000 uptime svcXbackup"));

        async Task<string[]> Find(string title) =>
            (await store.Records.SearchAsync(new RecordQuery(list.Id, Title: title), PageRequest.First(), Ct))
            .Items.Select(r => r.Id).ToArray();

        Assert.Equal([percent.Id], await Find("0%"));
        Assert.Equal([percent.Id], await Find("%"));
        Assert.Equal([underscore.Id], await Find("c_b"));
        Assert.Equal([underscore.Id], await Find("_"));
        Assert.Equal([backslash.Id], await Find("p\\a"));
        Assert.Equal([backslash.Id], await Find("\\"));
        Assert.Empty(await Find("[a-z]"));
    }

    [Fact]
    public async Task Search_stays_inside_its_list()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var other = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);
        var mine = await AddRecordAsync(store, ContractData.Record(list.Id, "shared title"));
        await AddRecordAsync(store, ContractData.Record(other.Id, "shared title"));

        var found = await store.Records.SearchAsync(new RecordQuery(list.Id, Title: "shared"), PageRequest.First(), Ct);

        Assert.Equal(mine.Id, Assert.Single(found.Items).Id);
    }

    [Fact]
    public async Task Search_hides_deleted_records_unless_asked()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var live = await AddRecordAsync(store, ContractData.Record(list.Id));
        var gone = await AddRecordAsync(store, ContractData.Record(list.Id));
        await store.Records.DeleteAsync(gone.Id, 1, Start, ContractData.Draft(AuditAction.RecordDeleted), Ct);

        async Task<string[]> Find(RecordQuery q) =>
            (await store.Records.SearchAsync(q, PageRequest.First(), Ct)).Items.Select(r => r.Id).Order().ToArray();

        Assert.Equal([live.Id], await Find(new RecordQuery(list.Id)));
        Assert.Equal([gone.Id], await Find(new RecordQuery(list.Id, OnlyDeleted: true)));
        Assert.Equal(new[] { live.Id, gone.Id }.Order().ToArray(), await Find(new RecordQuery(list.Id, IncludeDeleted: true)));
    }
}
