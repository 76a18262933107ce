using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

public abstract partial class VaultStoreContractTests
{
    [Fact]
    public async Task Created_list_has_version_1_and_reads_back_with_fields_and_policy()
    {
        var store = await CreateStoreAsync();
        var list = ContractData.List();

        var created = await store.Lists.CreateAsync(list, ContractData.Draft(AuditAction.ListCreated), Ct);
        var read = await store.Lists.GetAsync(list.Id, Ct);

        Assert.Equal(1, created.Version);
        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.Equal(list.Name, read.Name);
        Assert.Equal(list.Description, read.Description);
        Assert.Equal(list.Fields.StandardFields, read.Fields.StandardFields);
        Assert.Equal(list.Fields.GenericFields, read.Fields.GenericFields);
        Assert.Equal(list.Policy, read.Policy);
        Assert.Equal(5, read.PreventReuseCount);
        Assert.Equal(Ms(Clock.GetUtcNow()), read.CreatedAt);
        Assert.Equal(Snapshot(created), Snapshot(read));
    }

    [Fact]
    public async Task Create_list_appends_one_event_naming_the_list()
    {
        var store = await CreateStoreAsync();
        var list = ContractData.List();

        await store.Lists.CreateAsync(list, ContractData.Draft(AuditAction.ListCreated), Ct);

        var e = await AssertOneEventAsync(store, 0, AuditAction.ListCreated);
        Assert.Equal(list.Id, e.ListId);
        Assert.Equal("alice", e.Actor);
    }

    [Fact]
    public async Task List_name_taken_in_another_case_is_AlreadyExists_and_leaves_no_trace()
    {
        var (store, existing) = await CreateStoreWithListAsync();
        var head = await AuditHeadAsync(store);
        var clash = ContractData.List(existing.Name.ToUpperInvariant());

        await AssertRefusedAsync(StoreError.AlreadyExists,
            () => store.Lists.CreateAsync(clash, ContractData.Draft(AuditAction.ListCreated), Ct));

        Assert.Null(await store.Lists.GetAsync(clash.Id, Ct));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Get_unknown_list_returns_null()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.Lists.GetAsync("no-such-list", Ct));
    }

    [Fact]
    public async Task Update_list_bumps_version_and_keeps_created_at()
    {
        var (store, list) = await CreateStoreWithListAsync();
        Clock.Advance(TimeSpan.FromMinutes(3));
        var head = await AuditHeadAsync(store);

        var updated = await store.Lists.UpdateAsync(list with { Name = "Renamed", PreventReuseCount = 2 }, 1,
            ContractData.Draft(AuditAction.ListUpdated), Ct);

        Assert.Equal(2, updated.Version);
        var read = await store.Lists.GetAsync(list.Id, Ct);
        Assert.Equal("Renamed", read!.Name);
        Assert.Equal(2, read.PreventReuseCount);
        Assert.Equal(2, read.Version);
        Assert.Equal(list.CreatedAt, read.CreatedAt);
        Assert.Equal(Ms(Clock.GetUtcNow()), read.UpdatedAt);
        await AssertOneEventAsync(store, head, AuditAction.ListUpdated);
    }

    [Fact]
    public async Task Update_list_with_stale_version_is_VersionConflict_and_changes_nothing()
    {
        var (store, list) = await CreateStoreWithListAsync();
        await store.Lists.UpdateAsync(list with { Description = "v2" }, 1, ContractData.Draft(AuditAction.ListUpdated), Ct);
        var before = await store.Lists.GetAsync(list.Id, Ct);
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.VersionConflict, () => store.Lists.UpdateAsync(
            list with { Description = "stale" }, 1, ContractData.Draft(AuditAction.ListUpdated), Ct));

        Assert.Equal(Snapshot(before), Snapshot(await store.Lists.GetAsync(list.Id, Ct)));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Update_list_to_a_name_taken_by_another_list_is_AlreadyExists()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var other = await store.Lists.CreateAsync(ContractData.List("Servers"), ContractData.Draft(AuditAction.ListCreated), Ct);
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.AlreadyExists, () => store.Lists.UpdateAsync(
            list with { Name = "SERVERS" }, 1, ContractData.Draft(AuditAction.ListUpdated), Ct));

        Assert.Equal(list.Name, (await store.Lists.GetAsync(list.Id, Ct))!.Name);
        Assert.Equal(1, (await store.Lists.GetAsync(other.Id, Ct))!.Version);
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Update_or_delete_unknown_list_is_NotFound()
    {
        var store = await CreateStoreAsync();
        var ghost = ContractData.List();

        await AssertRefusedAsync(StoreError.NotFound,
            () => store.Lists.UpdateAsync(ghost, 1, ContractData.Draft(AuditAction.ListUpdated), Ct));
        await AssertRefusedAsync(StoreError.NotFound,
            () => store.Lists.DeleteAsync(ghost.Id, 1, ContractData.Draft(AuditAction.ListDeleted), Ct));
        await AssertNoEventAsync(store, 0);
    }

    [Fact]
    public async Task Delete_list_holding_a_deleted_record_is_InvalidState()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        await store.Records.DeleteAsync(record.Id, 1, Start, ContractData.Draft(AuditAction.RecordDeleted), Ct);
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.InvalidState,
            () => store.Lists.DeleteAsync(list.Id, 1, ContractData.Draft(AuditAction.ListDeleted), Ct));

        Assert.NotNull(await store.Lists.GetAsync(list.Id, Ct));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Delete_empty_list_removes_it_with_one_event()
    {
        var (store, list) = await CreateStoreWithListAsync();

        await AssertRefusedAsync(StoreError.VersionConflict,
            () => store.Lists.DeleteAsync(list.Id, 7, ContractData.Draft(AuditAction.ListDeleted), Ct));
        await store.Lists.DeleteAsync(list.Id, 1, ContractData.Draft(AuditAction.ListDeleted), Ct);

        Assert.Null(await store.Lists.GetAsync(list.Id, Ct));
        await AssertOneEventAsync(store, 1, AuditAction.ListDeleted);
    }

    [Fact]
    public async Task List_lists_pages_by_id_and_honours_the_id_restriction()
    {
        var store = await CreateStoreAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct)).Id);
        }

        var all = await ReadAllPagesAsync(p => store.Lists.ListAsync(p, null, Ct), 2);
        var scoped = await ReadAllPagesAsync(p => store.Lists.ListAsync(p, [ids[3], ids[1], "unknown"], Ct), 1);
        var none = await store.Lists.ListAsync(PageRequest.First(), [], Ct);

        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(l => l.Id));
        Assert.Equal(new[] { ids[1], ids[3] }.Order(StringComparer.Ordinal), scoped.Select(l => l.Id));
        Assert.Empty(none.Items);
    }
}
