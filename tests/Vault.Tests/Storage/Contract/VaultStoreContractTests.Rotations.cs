using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

public abstract partial class VaultStoreContractTests
{
    private static readonly DateTimeOffset Lease = Start.AddMinutes(5);

    private async Task<(IVaultStore Store, PasswordRecord Record, PendingRotation Pending, PasswordRecord Begun)>
        BegunRotationAsync(string owner = "gw-1")
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var pending = ContractData.Pending(owner, Lease);
        var begun = await store.Rotations.BeginAsync(ContractData.NewId("req"), record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct);
        return (store, record, pending, begun);
    }

    private static RotationCommit CommitOf(PasswordRecord record, DateTimeOffset at) =>
        new(ContractData.Sealed(), ContractData.History(record.Id, at), "133600000000000000", at);

    [Fact]
    public async Task Begin_stores_the_pending_rotation_bumps_the_version_and_appends_one_event()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var pending = ContractData.Pending("gw-1", Lease);

        var begun = await store.Rotations.BeginAsync("req-begin", record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct);

        Assert.Equal(2, begun.Version);
        var read = await store.Records.GetAsync(record.Id, Ct);
        Assert.Equal(Snapshot(begun), Snapshot(read));
        Assert.Equal(pending.RotationId, read!.Pending!.RotationId);
        Assert.Equal(pending.SealedPassword, read.Pending.SealedPassword);
        Assert.Equal("gw-1", read.Pending.Owner);
        Assert.Equal(Lease, read.Pending.LeaseExpiresAt);
        Assert.Equal(pending.StartedAt, read.Pending.StartedAt);
        Assert.Equal("rotate", read.Pending.Reason);
        Assert.Equal("alice", read.Pending.Actor);
        Assert.Equal(0, read.Pending.ClaimCount);
        Assert.Equal(record.SealedPassword, read.SealedPassword);
        var e = await AssertOneEventAsync(store, 2, AuditAction.RotationBegun);
        Assert.Equal(record.Id, e.RecordId);
        Assert.Equal(list.Id, e.ListId);
        Assert.Equal("req-begin", e.RequestId);
    }

    [Fact]
    public async Task Begin_with_another_rotation_id_is_RotationPending_and_changes_nothing()
    {
        var (store, record, _, begun) = await BegunRotationAsync();
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.RotationPending, () => store.Rotations.BeginAsync("req-other", record.Id,
            ContractData.Pending("gw-2", Lease.AddMinutes(1)), ContractData.Draft(AuditAction.RotationBegun), Ct));

        Assert.Equal(Snapshot(begun), Snapshot(await store.Records.GetAsync(record.Id, Ct)));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Begin_repeated_with_the_same_request_id_returns_the_first_result_once()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var pending = ContractData.Pending("gw-1", Lease);
        var first = await store.Rotations.BeginAsync("req-same", record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct);
        var head = await AuditHeadAsync(store);
        Clock.Advance(TimeSpan.FromSeconds(2));

        var again = await store.Rotations.BeginAsync("req-same", record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct);

        Assert.Equal(Snapshot(first), Snapshot(again));
        Assert.Equal(Snapshot(first), Snapshot(await store.Records.GetAsync(record.Id, Ct)));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Begin_replay_after_the_rotation_moved_on_still_returns_the_first_result()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var pending = ContractData.Pending("gw-1", Lease);
        var first = await store.Rotations.BeginAsync("req-late", record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct);
        await store.Rotations.CommitAsync("req-late-commit", record.Id, pending.RotationId, CommitOf(record, Start),
            ContractData.Draft(AuditAction.RotationCommitted), Ct);

        var replay = await store.Rotations.BeginAsync("req-late", record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct);

        Assert.Equal(Snapshot(first), Snapshot(replay));
        Assert.Null((await store.Records.GetAsync(record.Id, Ct))!.Pending);
    }

    [Fact]
    public async Task Request_id_reused_for_another_operation_or_record_is_RequestIdReused()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var other = await AddRecordAsync(store, ContractData.Record(list.Id));
        var pending = ContractData.Pending("gw-1", Lease);
        await store.Rotations.BeginAsync("req-reuse", record.Id, pending, ContractData.Draft(AuditAction.RotationBegun), Ct);
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.RequestIdReused, () => store.Rotations.BeginAsync("req-reuse", other.Id,
            ContractData.Pending("gw-1", Lease), ContractData.Draft(AuditAction.RotationBegun), Ct));
        await AssertRefusedAsync(StoreError.RequestIdReused, () => store.Rotations.AbortAsync("req-reuse", record.Id,
            pending.RotationId, "refused", ContractData.Draft(AuditAction.RotationAborted), Ct));
        await AssertRefusedAsync(StoreError.RequestIdReused, () => store.Audit.AppendAsync("req-reuse",
            ContractData.Draft(AuditAction.PasswordRevealed), Ct));

        Assert.Null((await store.Records.GetAsync(other.Id, Ct))!.Pending);
        Assert.Equal(pending.RotationId, (await store.Records.GetAsync(record.Id, Ct))!.Pending!.RotationId);
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Begin_on_an_unknown_or_deleted_record_is_NotFound()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        await store.Records.DeleteAsync(record.Id, 1, Start, ContractData.Draft(AuditAction.RecordDeleted), Ct);
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.NotFound, () => store.Rotations.BeginAsync("req-a", record.Id,
            ContractData.Pending("gw-1", Lease), ContractData.Draft(AuditAction.RotationBegun), Ct));
        await AssertRefusedAsync(StoreError.NotFound, () => store.Rotations.BeginAsync("req-b", "nope",
            ContractData.Pending("gw-1", Lease), ContractData.Draft(AuditAction.RotationBegun), Ct));

        Assert.Null((await store.Records.GetAsync(record.Id, Ct))!.Pending);
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Commit_makes_pending_current_and_moves_the_previous_to_history()
    {
        var (store, record, pending, begun) = await BegunRotationAsync();
        var commit = CommitOf(record, Start.AddMinutes(1));
        var head = await AuditHeadAsync(store);

        var committed = await store.Rotations.CommitAsync("req-commit", record.Id, pending.RotationId, commit,
            ContractData.Draft(AuditAction.RotationCommitted), Ct);

        Assert.Equal(begun.Version + 1, committed.Version);
        var read = await store.Records.GetAsync(record.Id, Ct);
        Assert.Equal(Snapshot(committed), Snapshot(read));
        Assert.Null(read!.Pending);
        Assert.Equal(commit.SealedNewPassword, read.SealedPassword);
        Assert.Equal(SyncState.InSync, read.SyncState);
        Assert.Equal("", read.SyncReason);
        Assert.Equal(commit.CommittedAt, read.LastSyncedAt);
        Assert.Equal(commit.CommittedAt, read.PasswordChangedAt);
        Assert.Equal("133600000000000000", read.DirectoryPasswordLastSet);
        var history = await store.Records.GetHistoryAsync(record.Id, PageRequest.First(), Ct);
        Assert.Equal(commit.Previous!.Id, Assert.Single(history.Items).Id);
        Assert.Equal(commit.Previous.SealedPassword, history.Items[0].SealedPassword);
        var e = await AssertOneEventAsync(store, head, AuditAction.RotationCommitted);
        Assert.Equal("req-commit", e.RequestId);
    }

    [Fact]
    public async Task Commit_repeated_with_the_same_request_id_returns_the_first_result_once()
    {
        var (store, record, pending, _) = await BegunRotationAsync();
        var commit = CommitOf(record, Start.AddMinutes(1));
        var first = await store.Rotations.CommitAsync("req-c", record.Id, pending.RotationId, commit,
            ContractData.Draft(AuditAction.RotationCommitted), Ct);
        var head = await AuditHeadAsync(store);

        var again = await store.Rotations.CommitAsync("req-c", record.Id, pending.RotationId, commit,
            ContractData.Draft(AuditAction.RotationCommitted), Ct);

        Assert.Equal(Snapshot(first), Snapshot(again));
        Assert.Single((await store.Records.GetHistoryAsync(record.Id, PageRequest.First(), Ct)).Items);
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Commit_or_abort_with_a_wrong_rotation_id_is_RotationMismatch_and_changes_nothing()
    {
        var (store, record, _, begun) = await BegunRotationAsync();
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.RotationMismatch, () => store.Rotations.CommitAsync("req-x", record.Id,
            "rot-stale", CommitOf(record, Start), ContractData.Draft(AuditAction.RotationCommitted), Ct));
        await AssertRefusedAsync(StoreError.RotationMismatch, () => store.Rotations.AbortAsync("req-y", record.Id,
            "rot-stale", "refused", ContractData.Draft(AuditAction.RotationAborted), Ct));
        await AssertRefusedAsync(StoreError.RotationMismatch, () => store.Rotations.MarkOutOfSyncAsync(record.Id,
            "rot-stale", "unknown", Lease, ContractData.Draft(AuditAction.RotationMarkedOutOfSync), Ct));

        Assert.Equal(Snapshot(begun), Snapshot(await store.Records.GetAsync(record.Id, Ct)));
        Assert.Empty((await store.Records.GetHistoryAsync(record.Id, PageRequest.First(), Ct)).Items);
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Commit_without_a_pending_rotation_is_RotationMismatch()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));

        await AssertRefusedAsync(StoreError.RotationMismatch, () => store.Rotations.CommitAsync("req-n", record.Id,
            "rot-1", CommitOf(record, Start), ContractData.Draft(AuditAction.RotationCommitted), Ct));
        await AssertRefusedAsync(StoreError.NotFound, () => store.Rotations.CommitAsync("req-m", "nope",
            "rot-1", CommitOf(record, Start), ContractData.Draft(AuditAction.RotationCommitted), Ct));
        Assert.Equal(Snapshot(record), Snapshot(await store.Records.GetAsync(record.Id, Ct)));
    }

    [Fact]
    public async Task Abort_drops_pending_keeps_the_current_password_and_the_reason()
    {
        var (store, record, pending, begun) = await BegunRotationAsync();
        var head = await AuditHeadAsync(store);

        var aborted = await store.Rotations.AbortAsync("req-abort", record.Id, pending.RotationId,
            "PASSWORD_POLICY: the directory refused the password", ContractData.Draft(AuditAction.RotationAborted), Ct);

        Assert.Equal(begun.Version + 1, aborted.Version);
        var read = await store.Records.GetAsync(record.Id, Ct);
        Assert.Equal(Snapshot(aborted), Snapshot(read));
        Assert.Null(read!.Pending);
        Assert.Equal(record.SealedPassword, read.SealedPassword);
        Assert.Equal("PASSWORD_POLICY: the directory refused the password", read.SyncReason);
        Assert.Empty((await store.Records.GetHistoryAsync(record.Id, PageRequest.First(), Ct)).Items);
        await AssertOneEventAsync(store, head, AuditAction.RotationAborted);
        var again = await store.Rotations.AbortAsync("req-abort", record.Id, pending.RotationId,
            "PASSWORD_POLICY: the directory refused the password", ContractData.Draft(AuditAction.RotationAborted), Ct);
        Assert.Equal(Snapshot(aborted), Snapshot(again));
        await AssertNoEventAsync(store, head + 1);
    }

    [Fact]
    public async Task Claim_before_the_lease_expires_returns_null_and_changes_nothing()
    {
        var (store, record, _, begun) = await BegunRotationAsync();
        var head = await AuditHeadAsync(store);

        var claim = await store.Rotations.ClaimAsync(record.Id, "reconciler", Lease.AddMilliseconds(-1),
            Lease.AddMinutes(10), ContractData.Draft(AuditAction.RotationClaimed), Ct);

        Assert.Null(claim);
        Assert.Equal(Snapshot(begun), Snapshot(await store.Records.GetAsync(record.Id, Ct)));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Claim_of_an_expired_lease_hands_it_to_the_new_owner()
    {
        var (store, record, pending, begun) = await BegunRotationAsync();
        var head = await AuditHeadAsync(store);
        var newLease = Lease.AddMinutes(10);

        var claim = await store.Rotations.ClaimAsync(record.Id, "reconciler", Lease.AddMilliseconds(1), newLease,
            ContractData.Draft(AuditAction.RotationClaimed, "reconciler"), Ct);

        Assert.NotNull(claim);
        Assert.Equal(begun.Version + 1, claim.Version);
        var read = await store.Records.GetAsync(record.Id, Ct);
        Assert.Equal(Snapshot(claim), Snapshot(read));
        Assert.Equal("reconciler", read!.Pending!.Owner);
        Assert.Equal(newLease, read.Pending.LeaseExpiresAt);
        Assert.Equal(1, read.Pending.ClaimCount);
        Assert.Equal(pending.RotationId, read.Pending.RotationId);
        Assert.Equal(pending.SealedPassword, read.Pending.SealedPassword);
        var e = await AssertOneEventAsync(store, head, AuditAction.RotationClaimed);
        Assert.Equal(record.Id, e.RecordId);
        Assert.Null(await store.Rotations.ClaimAsync(record.Id, "other", Lease.AddMinutes(1), newLease.AddMinutes(1),
            ContractData.Draft(AuditAction.RotationClaimed), Ct));
    }

    [Fact]
    public async Task Claim_without_a_pending_rotation_returns_null()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));

        Assert.Null(await store.Rotations.ClaimAsync(record.Id, "reconciler", Lease.AddDays(1), Lease.AddDays(2),
            ContractData.Draft(AuditAction.RotationClaimed), Ct));
        await AssertNoEventAsync(store, 2);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public async Task Concurrent_claims_have_exactly_one_winner(int claimants)
    {
        var (store, record, _, begun) = await BegunRotationAsync();
        var head = await AuditHeadAsync(store);
        using var go = new ManualResetEventSlim();

        var claims = Enumerable.Range(0, claimants).Select(i => Task.Run(async () =>
        {
            go.Wait(Ct);
            return await store.Rotations.ClaimAsync(record.Id, $"reconciler-{i}", Lease.AddSeconds(1),
                Lease.AddMinutes(10), ContractData.Draft(AuditAction.RotationClaimed, $"reconciler-{i}"), Ct);
        }, Ct)).ToArray();
        go.Set();
        var results = await Task.WhenAll(claims);

        var winner = Assert.Single(results, r => r is not null);
        var read = await store.Records.GetAsync(record.Id, Ct);
        Assert.Equal(winner!.Pending!.Owner, read!.Pending!.Owner);
        Assert.Equal(1, read.Pending.ClaimCount);
        Assert.Equal(begun.Version + 1, read.Version);
        await AssertOneEventAsync(store, head, AuditAction.RotationClaimed);
    }

    [Fact]
    public async Task Renew_lease_extends_only_the_owners_own_rotation()
    {
        var (store, record, pending, begun) = await BegunRotationAsync("gw-1");
        var head = await AuditHeadAsync(store);

        var renewed = await store.Rotations.RenewLeaseAsync(record.Id, pending.RotationId, "gw-1", Lease.AddMinutes(5), Ct);
        await AssertRefusedAsync(StoreError.LeaseHeld, () => store.Rotations.RenewLeaseAsync(record.Id,
            pending.RotationId, "gw-2", Lease.AddHours(1), Ct));
        await AssertRefusedAsync(StoreError.RotationMismatch, () => store.Rotations.RenewLeaseAsync(record.Id,
            "rot-stale", "gw-1", Lease.AddHours(1), Ct));

        Assert.Equal(Lease.AddMinutes(5), renewed.Pending!.LeaseExpiresAt);
        var read = await store.Records.GetAsync(record.Id, Ct);
        Assert.Equal(Lease.AddMinutes(5), read!.Pending!.LeaseExpiresAt);
        Assert.Equal(begun.Version, read.Version);
        Assert.Null(await store.Rotations.ClaimAsync(record.Id, "reconciler", Lease.AddMinutes(1), Lease.AddHours(1),
            ContractData.Draft(AuditAction.RotationClaimed), Ct));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Mark_out_of_sync_keeps_both_candidates_and_the_rotation_claimable_later()
    {
        var (store, record, pending, begun) = await BegunRotationAsync();
        var head = await AuditHeadAsync(store);
        var retryAt = Lease.AddHours(1);

        var marked = await store.Rotations.MarkOutOfSyncAsync(record.Id, pending.RotationId,
            "Neither password could be proven", retryAt, ContractData.Draft(AuditAction.RotationMarkedOutOfSync), Ct);

        Assert.Equal(begun.Version + 1, marked.Version);
        var read = await store.Records.GetAsync(record.Id, Ct);
        Assert.Equal(Snapshot(marked), Snapshot(read));
        Assert.Equal(SyncState.OutOfSync, read!.SyncState);
        Assert.Equal("Neither password could be proven", read.SyncReason);
        Assert.Equal(record.SealedPassword, read.SealedPassword);
        Assert.Equal(pending.SealedPassword, read.Pending!.SealedPassword);
        Assert.Equal(retryAt, read.Pending.LeaseExpiresAt);
        await AssertOneEventAsync(store, head, AuditAction.RotationMarkedOutOfSync);
        Assert.Null(await store.Rotations.ClaimAsync(record.Id, "r", Lease.AddMinutes(30), retryAt.AddHours(1),
            ContractData.Draft(AuditAction.RotationClaimed), Ct));
        Assert.NotNull(await store.Rotations.ClaimAsync(record.Id, "r", retryAt, retryAt.AddHours(1),
            ContractData.Draft(AuditAction.RotationClaimed), Ct));
    }

    [Fact]
    public async Task List_pending_orders_by_lease_and_filters_expired_ones()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var leases = new[] { Start.AddMinutes(30), Start.AddMinutes(10), Start.AddMinutes(20), Start.AddMinutes(10) };
        var ids = new List<(DateTimeOffset Lease, string Id)>();
        foreach (var lease in leases)
        {
            var record = await AddRecordAsync(store, ContractData.Record(list.Id));
            await store.Rotations.BeginAsync(ContractData.NewId("req"), record.Id, ContractData.Pending("gw", lease),
                ContractData.Draft(AuditAction.RotationBegun), Ct);
            ids.Add((lease, record.Id));
        }

        await AddRecordAsync(store, ContractData.Record(list.Id));

        var all = await ReadAllPagesAsync(p => store.Rotations.ListPendingAsync(null, p, Ct), 1);
        var expired = await ReadAllPagesAsync(p => store.Rotations.ListPendingAsync(Start.AddMinutes(20), p, Ct), 2);

        var expected = ids.OrderBy(x => x.Lease).ThenBy(x => x.Id, StringComparer.Ordinal).Select(x => x.Id).ToList();
        Assert.Equal(expected, all.Select(r => r.Id));
        Assert.Equal(expected.Take(3), expired.Select(r => r.Id));
    }
}
