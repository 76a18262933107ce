using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

public abstract partial class VaultStoreContractTests
{
    [Fact]
    public async Task Soft_deleted_record_stays_readable_with_its_deletion_time()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var deletedAt = Start.AddDays(3);
        var head = await AuditHeadAsync(store);

        var deleted = await store.Records.DeleteAsync(record.Id, 1, deletedAt, ContractData.Draft(AuditAction.RecordDeleted), Ct);

        Assert.Equal(2, deleted.Version);
        var read = await store.Records.GetAsync(record.Id, Ct);
        Assert.Equal(deletedAt, read!.DeletedAt);
        Assert.Equal(record.SealedPassword, read.SealedPassword);
        var e = await AssertOneEventAsync(store, head, AuditAction.RecordDeleted);
        Assert.Equal(record.Id, e.RecordId);
        await AssertRefusedAsync(StoreError.NotFound, () => store.Records.DeleteAsync(record.Id, 2, deletedAt,
            ContractData.Draft(AuditAction.RecordDeleted), Ct));
    }

    [Fact]
    public async Task Delete_with_stale_version_is_VersionConflict_and_changes_nothing()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.VersionConflict, () => store.Records.DeleteAsync(record.Id, 2, Start,
            ContractData.Draft(AuditAction.RecordDeleted), Ct));

        Assert.Null((await store.Records.GetAsync(record.Id, Ct))!.DeletedAt);
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Delete_is_refused_while_a_rotation_is_pending()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var begun = await store.Rotations.BeginAsync("req-del", record.Id, ContractData.Pending("gw-1", Start.AddMinutes(5)),
            ContractData.Draft(AuditAction.RotationBegun), Ct);
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.RotationPending, () => store.Records.DeleteAsync(record.Id, begun.Version,
            Start, ContractData.Draft(AuditAction.RecordDeleted), Ct));

        Assert.Equal(Snapshot(begun), Snapshot(await store.Records.GetAsync(record.Id, Ct)));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Restore_inside_the_window_brings_the_record_back()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var deleted = await store.Records.DeleteAsync(record.Id, 1, Start.AddDays(10),
            ContractData.Draft(AuditAction.RecordDeleted), Ct);
        var head = await AuditHeadAsync(store);

        var restored = await store.Records.RestoreAsync(record.Id, deleted.Version, Start.AddDays(10),
            ContractData.Draft(AuditAction.RecordRestored), Ct);

        Assert.Equal(3, restored.Version);
        Assert.Null((await store.Records.GetAsync(record.Id, Ct))!.DeletedAt);
        await AssertOneEventAsync(store, head, AuditAction.RecordRestored);
        var found = await store.Records.SearchAsync(new RecordQuery(list.Id), PageRequest.First(), Ct);
        Assert.Equal(record.Id, Assert.Single(found.Items).Id);
    }

    [Fact]
    public async Task Restore_after_the_window_is_InvalidState_and_the_record_stays_deleted()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var deleted = await store.Records.DeleteAsync(record.Id, 1, Start, ContractData.Draft(AuditAction.RecordDeleted), Ct);
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.InvalidState, () => store.Records.RestoreAsync(record.Id, deleted.Version,
            Start.AddMilliseconds(1), ContractData.Draft(AuditAction.RecordRestored), Ct));

        Assert.Equal(Snapshot(deleted), Snapshot(await store.Records.GetAsync(record.Id, Ct)));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Restore_of_a_live_or_unknown_record_is_NotFound()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));

        await AssertRefusedAsync(StoreError.NotFound, () => store.Records.RestoreAsync(record.Id, 1, Start,
            ContractData.Draft(AuditAction.RecordRestored), Ct));
        await AssertRefusedAsync(StoreError.NotFound, () => store.Records.RestoreAsync("nope", 1, Start,
            ContractData.Draft(AuditAction.RecordRestored), Ct));
        Assert.Equal(1, (await store.Records.GetAsync(record.Id, Ct))!.Version);
    }

    [Fact]
    public async Task Purge_removes_only_records_deleted_before_the_cutoff_with_one_event_each()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var old1 = await AddRecordAsync(store, ContractData.Record(list.Id));
        var old2 = await AddRecordAsync(store, ContractData.Record(list.Id));
        var recent = await AddRecordAsync(store, ContractData.Record(list.Id));
        var live = await AddRecordAsync(store, ContractData.Record(list.Id));
        await store.Records.SetPasswordAsync(old1.Id, 1, ContractData.Sealed(), ContractData.History(old1.Id, Start), Start,
            ContractData.Draft(AuditAction.PasswordChanged), Ct);
        await store.Records.DeleteAsync(old1.Id, 2, Start, ContractData.Draft(AuditAction.RecordDeleted), Ct);
        await store.Records.DeleteAsync(old2.Id, 1, Start.AddDays(1), ContractData.Draft(AuditAction.RecordDeleted), Ct);
        await store.Records.DeleteAsync(recent.Id, 1, Start.AddDays(40), ContractData.Draft(AuditAction.RecordDeleted), Ct);
        var head = await AuditHeadAsync(store);

        var purged = await store.Records.PurgeDeletedAsync(Start.AddDays(30), "retention", Ct);

        Assert.Equal(2, purged);
        Assert.Null(await store.Records.GetAsync(old1.Id, Ct));
        Assert.Null(await store.Records.GetAsync(old2.Id, Ct));
        Assert.NotNull(await store.Records.GetAsync(recent.Id, Ct));
        Assert.NotNull(await store.Records.GetAsync(live.Id, Ct));
        Assert.Empty((await store.Records.GetHistoryAsync(old1.Id, PageRequest.First(), Ct)).Items);
        var events = (await AllEventsAsync(store)).Where(e => e.Sequence > head).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(AuditAction.RecordPurged, e.Action));
        Assert.All(events, e => Assert.Equal("retention", e.Actor));
        Assert.Equal(new[] { old1.Id, old2.Id }.Order(), events.Select(e => e.RecordId).Order());
        Assert.Equal(0, await store.Records.PurgeDeletedAsync(Start.AddDays(30), "retention", Ct));
    }
}
