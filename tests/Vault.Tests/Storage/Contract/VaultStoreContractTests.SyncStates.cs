using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

/// <summary>Batched check outcomes (a sync report's verdicts): one call, each record as the single call would leave it.</summary>
public abstract partial class VaultStoreContractTests
{
    private static SyncStateUpdate Update(string recordId, SyncState state, string reason, string? lastSet = null,
        long? expectedVersion = null) =>
        new(recordId, expectedVersion, state, reason, lastSet, new AuditDraft
        {
            Action = AuditAction.SyncStateRecorded,
            Actor = "gateway-key",
            RecordId = recordId,
            Detail = $"{state}: {reason}",
        });

    [Fact]
    public async Task Record_sync_states_stores_every_outcome_with_one_audit_event_per_record()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var a = await AddRecordAsync(store, ContractData.Record(list.Id, "a"));
        var b = await AddRecordAsync(store, ContractData.Record(list.Id, "b"));
        var c = await AddRecordAsync(store, ContractData.Record(list.Id, "c"));
        await store.Records.RecordSyncStateAsync(c.Id, SyncState.InSync, "", "777", Start,
            ContractData.Draft(AuditAction.SyncStateRecorded), Ct);
        var head = await AuditHeadAsync(store);
        var verifiedAt = Start.AddHours(2);

        var outcomes = await store.Records.RecordSyncStatesAsync(
        [
            Update(a.Id, SyncState.InSync, "", "1335", expectedVersion: 1),
            Update(b.Id, SyncState.OutOfSync, "INVALID_CREDENTIALS: rejected"),
            Update(c.Id, SyncState.OutOfSync, "CHANGED_OUTSIDE: changed", lastSet: null, expectedVersion: 2),
        ], verifiedAt, Ct);

        Assert.Equal([a.Id, b.Id, c.Id], outcomes.Select(o => o.RecordId));
        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.Equal([2L, 2L, 3L], outcomes.Select(o => o.Record!.Version));
        var readA = await store.Records.GetAsync(a.Id, Ct);
        var readB = await store.Records.GetAsync(b.Id, Ct);
        var readC = await store.Records.GetAsync(c.Id, Ct);
        Assert.Equal((SyncState.InSync, "", "1335", verifiedAt),
            (readA!.SyncState, readA.SyncReason, readA.DirectoryPasswordLastSet, readA.LastVerifiedAt!.Value));
        Assert.Equal((SyncState.OutOfSync, "INVALID_CREDENTIALS: rejected", verifiedAt),
            (readB!.SyncState, readB.SyncReason, readB.LastVerifiedAt!.Value));
        Assert.Equal("777", readC!.DirectoryPasswordLastSet); // none given: the stored baseline is kept
        Assert.Equal(a.SealedPassword, readA.SealedPassword);

        var verification = await store.Audit.VerifyAsync(Ct);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(head + 3, verification.HeadSequence);
        var events = (await AllEventsAsync(store)).Where(e => e.Sequence > head).OrderBy(e => e.Sequence).ToList();
        Assert.All(events, e => Assert.Equal((AuditAction.SyncStateRecorded, "gateway-key", list.Id), (e.Action, e.Actor, e.ListId)));
        Assert.Equal([a.Id, b.Id, c.Id], events.Select(e => e.RecordId));
        Assert.Equal("OutOfSync: INVALID_CREDENTIALS: rejected", events[1].Detail);
    }

    [Fact]
    public async Task Record_sync_states_skips_unknown_deleted_and_changed_records_and_stores_nothing_of_them()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var kept = await AddRecordAsync(store, ContractData.Record(list.Id, "kept"));
        var deleted = await AddRecordAsync(store, ContractData.Record(list.Id, "deleted"));
        deleted = await store.Records.DeleteAsync(deleted.Id, 1, Start, ContractData.Draft(AuditAction.RecordDeleted), Ct);
        var changed = await AddRecordAsync(store, ContractData.Record(list.Id, "changed"));
        changed = await store.Records.UpdateFieldsAsync(changed with { Notes = "edited after the check" }, 1,
            ContractData.Draft(AuditAction.RecordUpdated), Ct);
        var head = await AuditHeadAsync(store);

        var outcomes = await store.Records.RecordSyncStatesAsync(
        [
            Update("rec-nowhere", SyncState.InSync, ""),
            Update(deleted.Id, SyncState.InSync, ""),
            Update(changed.Id, SyncState.InSync, "", "99", expectedVersion: 1),
            Update(kept.Id, SyncState.InSync, "", "42", expectedVersion: 1),
        ], Start.AddHours(1), Ct);

        Assert.Equal(StoreError.NotFound, outcomes[0].Error?.Error);
        Assert.Equal(StoreError.NotFound, outcomes[1].Error?.Error);
        Assert.Equal(StoreError.VersionConflict, outcomes[2].Error?.Error);
        Assert.Null(outcomes[3].Error);
        Assert.Equal(Snapshot(deleted), Snapshot(await store.Records.GetAsync(deleted.Id, Ct)));
        Assert.Equal(Snapshot(changed), Snapshot(await store.Records.GetAsync(changed.Id, Ct)));
        Assert.Equal("42", (await store.Records.GetAsync(kept.Id, Ct))!.DirectoryPasswordLastSet);
        var single = await AssertOneEventAsync(store, head, AuditAction.SyncStateRecorded);
        Assert.Equal(kept.Id, single.RecordId);
    }
}
