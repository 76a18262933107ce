using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

public abstract partial class VaultStoreContractTests
{
    [Fact]
    public async Task Created_target_round_trips_and_is_found_by_any_name_in_any_case()
    {
        var store = await CreateStoreAsync();
        var target = ContractData.Target("corp.example.com", "CORP", "dc01.corp.example.com");

        var created = await store.Targets.CreateAsync(target, ContractData.Draft(AuditAction.TargetCreated), Ct);

        Assert.Equal(1, created.Version);
        var read = await store.Targets.GetAsync(target.Id, Ct);
        Assert.Equal(Snapshot(created), Snapshot(read));
        Assert.Equal(target.Names, read!.Names);
        Assert.Equal(target.Endpoints, read.Endpoints);
        Assert.Equal(target.SealedPrivilegedPassword, read.SealedPrivilegedPassword);
        Assert.Equal(target.CaCertificatePem, read.CaCertificatePem);
        Assert.True(read.UseStartTls);
        Assert.False(read.AcceptAnyCertificate);
        Assert.Equal(target.Id, (await store.Targets.FindByNameAsync("Corp.Example.COM", Ct))?.Id);
        Assert.Equal(target.Id, (await store.Targets.FindByNameAsync("corp", Ct))?.Id);
        Assert.Null(await store.Targets.FindByNameAsync("corp.example", Ct));
        Assert.Null(await store.Targets.FindByNameAsync("%", Ct));
        var e = await AssertOneEventAsync(store, 0, AuditAction.TargetCreated);
        Assert.Equal(target.Id, e.TargetId);
    }

    [Fact]
    public async Task Target_name_used_by_another_target_in_another_case_is_AlreadyExists()
    {
        var store = await CreateStoreAsync();
        await store.Targets.CreateAsync(ContractData.Target("corp.example.com", "CORP"),
            ContractData.Draft(AuditAction.TargetCreated), Ct);
        var clash = ContractData.Target("new.example.com", "corp");

        await AssertRefusedAsync(StoreError.AlreadyExists,
            () => store.Targets.CreateAsync(clash, ContractData.Draft(AuditAction.TargetCreated), Ct));

        Assert.Null(await store.Targets.GetAsync(clash.Id, Ct));
        Assert.Null(await store.Targets.FindByNameAsync("new.example.com", Ct));
        await AssertNoEventAsync(store, 1);
    }

    [Fact]
    public async Task Target_update_renames_frees_old_names_and_bumps_version()
    {
        var store = await CreateStoreAsync();
        var target = await store.Targets.CreateAsync(ContractData.Target("old.example.com"),
            ContractData.Draft(AuditAction.TargetCreated), Ct);

        var updated = await store.Targets.UpdateAsync(target with { Names = ["new.example.com", "NEW"], BaseDn = "DC=new" },
            1, ContractData.Draft(AuditAction.TargetUpdated), Ct);

        Assert.Equal(2, updated.Version);
        Assert.Null(await store.Targets.FindByNameAsync("old.example.com", Ct));
        Assert.Equal("DC=new", (await store.Targets.FindByNameAsync("new", Ct))!.BaseDn);
        await AssertOneEventAsync(store, 1, AuditAction.TargetUpdated);
        var reuse = await store.Targets.CreateAsync(ContractData.Target("OLD.example.com"),
            ContractData.Draft(AuditAction.TargetCreated), Ct);
        Assert.Equal(reuse.Id, (await store.Targets.FindByNameAsync("old.example.com", Ct))!.Id);
    }

    [Fact]
    public async Task Target_update_refused_for_a_taken_name_or_stale_version_changes_nothing()
    {
        var store = await CreateStoreAsync();
        var target = await store.Targets.CreateAsync(ContractData.Target("a.example.com"),
            ContractData.Draft(AuditAction.TargetCreated), Ct);
        await store.Targets.CreateAsync(ContractData.Target("b.example.com"), ContractData.Draft(AuditAction.TargetCreated), Ct);
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.AlreadyExists, () => store.Targets.UpdateAsync(
            target with { Names = ["a2.example.com", "B.example.com"] }, 1, ContractData.Draft(AuditAction.TargetUpdated), Ct));
        await AssertRefusedAsync(StoreError.VersionConflict, () => store.Targets.UpdateAsync(
            target with { Names = ["a3.example.com"] }, 2, ContractData.Draft(AuditAction.TargetUpdated), Ct));
        await AssertRefusedAsync(StoreError.NotFound, () => store.Targets.UpdateAsync(
            ContractData.Target("z.example.com"), 1, ContractData.Draft(AuditAction.TargetUpdated), Ct));

        Assert.Equal(Snapshot(target), Snapshot(await store.Targets.GetAsync(target.Id, Ct)));
        Assert.Equal(target.Id, (await store.Targets.FindByNameAsync("a.example.com", Ct))!.Id);
        Assert.Null(await store.Targets.FindByNameAsync("a2.example.com", Ct));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Target_delete_frees_its_names()
    {
        var store = await CreateStoreAsync();
        var target = await store.Targets.CreateAsync(ContractData.Target("gone.example.com"),
            ContractData.Draft(AuditAction.TargetCreated), Ct);

        await AssertRefusedAsync(StoreError.VersionConflict,
            () => store.Targets.DeleteAsync(target.Id, 3, ContractData.Draft(AuditAction.TargetDeleted), Ct));
        await store.Targets.DeleteAsync(target.Id, 1, ContractData.Draft(AuditAction.TargetDeleted), Ct);

        Assert.Null(await store.Targets.GetAsync(target.Id, Ct));
        Assert.Null(await store.Targets.FindByNameAsync("gone.example.com", Ct));
        await AssertOneEventAsync(store, 1, AuditAction.TargetDeleted);
        await AssertRefusedAsync(StoreError.NotFound,
            () => store.Targets.DeleteAsync(target.Id, 1, ContractData.Draft(AuditAction.TargetDeleted), Ct));
    }

    [Fact]
    public async Task Targets_list_in_id_order_across_pages()
    {
        var store = await CreateStoreAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await store.Targets.CreateAsync(ContractData.Target(), ContractData.Draft(AuditAction.TargetCreated), Ct)).Id);
        }

        var all = await ReadAllPagesAsync(p => store.Targets.ListAsync(p, Ct), 2);

        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(t => t.Id));
    }
}
