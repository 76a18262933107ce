using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

public abstract partial class VaultStoreContractTests
{
    [Fact]
    public async Task Created_record_round_trips_every_field_exactly()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = ContractData.Record(list.Id) with
        {
            // A non-UTC offset: the store keeps the instant (in UTC) at millisecond precision.
            ExpiresAt = new DateTimeOffset(2027, 3, 4, 5, 6, 7, 891, TimeSpan.FromHours(2)),
            LastVerifiedAt = new DateTimeOffset(2026, 5, 1, 0, 0, 0, 1, TimeSpan.Zero),
            DirectoryPasswordLastSet = "133500000000000000",
            SyncState = SyncState.InSync,
        };

        var created = await AddRecordAsync(store, record);
        var read = await store.Records.GetAsync(record.Id, Ct);

        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.Equal(Snapshot(created), Snapshot(read));
        Assert.Equal(record.Title, read.Title);
        Assert.Equal(record.UserName, read.UserName);
        Assert.Equal(AccountKind.Windows, read.AccountType);
        Assert.Equal(record.Description, read.Description);
        Assert.Equal(record.Url, read.Url);
        Assert.Equal(record.Notes, read.Notes);
        Assert.Equal(record.ExpiresAt, read.ExpiresAt);
        Assert.Equal(record.ExpiresAt!.Value.UtcTicks, read.ExpiresAt!.Value.UtcTicks);
        Assert.Equal(record.GenericValues.OrderBy(p => p.Key), read.GenericValues.OrderBy(p => p.Key));
        Assert.Equal(record.DomainOrHost, read.DomainOrHost);
        Assert.Equal(record.DataKey.KekVersion, read.DataKey.KekVersion);
        Assert.Equal(record.DataKey.Wrapped, read.DataKey.Wrapped);
        Assert.Equal(record.SealedPassword, read.SealedPassword);
        Assert.Equal(record.PasswordChangedAt, read.PasswordChangedAt);
        Assert.Equal(record.LastVerifiedAt, read.LastVerifiedAt);
        Assert.Equal(record.DirectoryPasswordLastSet, read.DirectoryPasswordLastSet);
        Assert.Equal(SyncState.InSync, read.SyncState);
        Assert.Null(read.Pending);
        Assert.Null(read.DeletedAt);
        Assert.Equal(Ms(Clock.GetUtcNow()), read.CreatedAt);
    }

    [Fact]
    public async Task Create_record_ignores_a_pending_rotation_and_a_deletion_time()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = ContractData.Record(list.Id) with
        {
            Pending = ContractData.Pending("gw-1", Start),
            DeletedAt = Start,
        };

        var created = await AddRecordAsync(store, record);

        Assert.Null(created.Pending);
        Assert.Null(created.DeletedAt);
        Assert.Equal(Snapshot(created), Snapshot(await store.Records.GetAsync(record.Id, Ct)));
        Assert.Empty(await ReadAllPagesAsync(p => store.Rotations.ListPendingAsync(null, p, Ct), 10));
    }

    [Fact]
    public async Task Record_without_password_reads_back_without_one()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = ContractData.Record(list.Id) with { SealedPassword = null, PasswordChangedAt = null, ExpiresAt = null };

        await AddRecordAsync(store, record);

        var read = await store.Records.GetAsync(record.Id, Ct);
        Assert.Null(read!.SealedPassword);
        Assert.Null(read.PasswordChangedAt);
        Assert.Null(read.ExpiresAt);
    }

    [Fact]
    public async Task Create_record_appends_one_event_naming_list_and_record()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = ContractData.Record(list.Id);

        await AddRecordAsync(store, record);

        var e = await AssertOneEventAsync(store, 1, AuditAction.RecordCreated);
        Assert.Equal(list.Id, e.ListId);
        Assert.Equal(record.Id, e.RecordId);
        Assert.Equal(Ms(Clock.GetUtcNow()), e.Time);
    }

    [Fact]
    public async Task Create_record_in_unknown_list_is_NotFound_and_leaves_no_trace()
    {
        var store = await CreateStoreAsync();
        var record = ContractData.Record("no-such-list");

        await AssertRefusedAsync(StoreError.NotFound, () => AddRecordAsync(store, record));

        Assert.Null(await store.Records.GetAsync(record.Id, Ct));
        await AssertNoEventAsync(store, 0);
    }

    [Fact]
    public async Task Create_record_with_an_existing_id_is_AlreadyExists_and_keeps_the_first()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var first = await AddRecordAsync(store, ContractData.Record(list.Id));
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.AlreadyExists,
            () => AddRecordAsync(store, ContractData.Record(list.Id, "imposter") with { Id = first.Id }));

        Assert.Equal(Snapshot(first), Snapshot(await store.Records.GetAsync(first.Id, Ct)));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Get_unknown_record_returns_null()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.Records.GetAsync("no-such-record", Ct));
    }

    [Fact]
    public async Task Update_fields_bumps_version_and_never_touches_secrets()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        Clock.Advance(TimeSpan.FromSeconds(90));
        var head = await AuditHeadAsync(store);
        var edit = record with
        {
            Title = "Backup (new)",
            UserName = "CORP\\svc-backup2",
            Notes = "",
            GenericValues = new Dictionary<string, string> { ["generic1"] = "other.example.com" },
            DomainOrHost = "other.example.com",
            // Attempts to smuggle secret changes through a field update must be ignored.
            SealedPassword = ContractData.Sealed(),
            DataKey = new WrappedDataKey(9, ContractData.Sealed()),
            SyncState = SyncState.OutOfSync,
        };

        var updated = await store.Records.UpdateFieldsAsync(edit, 1, ContractData.Draft(AuditAction.RecordUpdated), Ct);
        var read = await store.Records.GetAsync(record.Id, Ct);

        Assert.Equal(2, updated.Version);
        Assert.Equal(Snapshot(updated), Snapshot(read));
        Assert.Equal("Backup (new)", read!.Title);
        Assert.Equal("CORP\\svc-backup2", read.UserName);
        Assert.Equal("", read.Notes);
        Assert.Equal("other.example.com", read.DomainOrHost);
        Assert.Single(read.GenericValues);
        Assert.Equal(record.SealedPassword, read.SealedPassword);
        Assert.Equal(record.DataKey.Wrapped, read.DataKey.Wrapped);
        Assert.Equal(1, read.DataKey.KekVersion);
        Assert.Equal(SyncState.Unknown, read.SyncState);
        Assert.Equal(record.CreatedAt, read.CreatedAt);
        Assert.Equal(Ms(Clock.GetUtcNow()), read.UpdatedAt);
        var e = await AssertOneEventAsync(store, head, AuditAction.RecordUpdated);
        Assert.Equal(record.Id, e.RecordId);
    }

    [Fact]
    public async Task Update_fields_with_stale_version_is_VersionConflict_and_changes_nothing()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        await store.Records.UpdateFieldsAsync(record with { Title = "second" }, 1,
            ContractData.Draft(AuditAction.RecordUpdated), Ct);
        var before = await store.Records.GetAsync(record.Id, Ct);
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.VersionConflict, () => store.Records.UpdateFieldsAsync(
            record with { Title = "stale" }, 1, ContractData.Draft(AuditAction.RecordUpdated), Ct));

        Assert.Equal(Snapshot(before), Snapshot(await store.Records.GetAsync(record.Id, Ct)));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Update_fields_of_unknown_or_deleted_record_is_NotFound()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var deleted = await store.Records.DeleteAsync(record.Id, 1, Start, ContractData.Draft(AuditAction.RecordDeleted), Ct);
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.NotFound, () => store.Records.UpdateFieldsAsync(
            deleted with { Title = "x" }, deleted.Version, ContractData.Draft(AuditAction.RecordUpdated), Ct));
        await AssertRefusedAsync(StoreError.NotFound, () => store.Records.UpdateFieldsAsync(
            ContractData.Record(list.Id), 1, ContractData.Draft(AuditAction.RecordUpdated), Ct));

        Assert.Equal(Snapshot(deleted), Snapshot(await store.Records.GetAsync(record.Id, Ct)));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Set_password_moves_the_previous_one_to_history_newest_first()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var history1 = ContractData.History(record.Id, Start.AddDays(1));
        var history2 = ContractData.History(record.Id, Start.AddDays(2));
        var password2 = ContractData.Sealed();
        var password3 = ContractData.Sealed();

        var v2 = await store.Records.SetPasswordAsync(record.Id, 1, password2, history1, Start.AddDays(1),
            ContractData.Draft(AuditAction.PasswordChanged), Ct);
        var head = await AuditHeadAsync(store);
        var v3 = await store.Records.SetPasswordAsync(record.Id, 2, password3, history2, Start.AddDays(2),
            ContractData.Draft(AuditAction.PasswordChanged), Ct);

        Assert.Equal(2, v2.Version);
        Assert.Equal(3, v3.Version);
        var read = await store.Records.GetAsync(record.Id, Ct);
        Assert.Equal(password3, read!.SealedPassword);
        Assert.Equal(Start.AddDays(2), read.PasswordChangedAt);
        var history = await store.Records.GetHistoryAsync(record.Id, PageRequest.First(), Ct);
        Assert.Equal(new[] { history2.Id, history1.Id }, history.Items.Select(h => h.Id));
        Assert.Equal(history2.SealedPassword, history.Items[0].SealedPassword);
        Assert.Equal(history2.ReplacedAt, history.Items[0].ReplacedAt);
        Assert.Equal("alice", history.Items[0].ChangedBy);
        Assert.Equal("user edit", history.Items[0].Reason);
        Assert.Equal(record.Id, history.Items[0].RecordId);
        var recent = await store.Records.GetRecentHistoryAsync(record.Id, 1, Ct);
        Assert.Equal(history2.Id, Assert.Single(recent).Id);
        await AssertOneEventAsync(store, head, AuditAction.PasswordChanged);
    }

    [Fact]
    public async Task History_pages_newest_first_without_duplicates()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var expected = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var entry = ContractData.History(record.Id, Start.AddHours(i));
            expected.Insert(0, entry.Id);
            await store.Records.SetPasswordAsync(record.Id, i + 1, ContractData.Sealed(), entry, Start.AddHours(i),
                ContractData.Draft(AuditAction.PasswordChanged), Ct);
        }

        var all = await ReadAllPagesAsync(p => store.Records.GetHistoryAsync(record.Id, p, Ct), 2);

        Assert.Equal(expected, all.Select(h => h.Id));
    }

    [Fact]
    public async Task Set_password_with_stale_version_changes_nothing()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.VersionConflict, () => store.Records.SetPasswordAsync(record.Id, 5,
            ContractData.Sealed(), ContractData.History(record.Id, Start), Start,
            ContractData.Draft(AuditAction.PasswordChanged), Ct));

        Assert.Equal(Snapshot(record), Snapshot(await store.Records.GetAsync(record.Id, Ct)));
        Assert.Empty((await store.Records.GetHistoryAsync(record.Id, PageRequest.First(), Ct)).Items);
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Set_password_while_a_rotation_is_pending_is_RotationPending_and_changes_nothing()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var begun = await store.Rotations.BeginAsync("req-1", record.Id, ContractData.Pending("gw-1", Start.AddMinutes(5)),
            ContractData.Draft(AuditAction.RotationBegun), Ct);
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.RotationPending, () => store.Records.SetPasswordAsync(record.Id,
            begun.Version, ContractData.Sealed(), ContractData.History(record.Id, Start), Start,
            ContractData.Draft(AuditAction.PasswordChanged), Ct));

        Assert.Equal(Snapshot(begun), Snapshot(await store.Records.GetAsync(record.Id, Ct)));
        Assert.Empty((await store.Records.GetHistoryAsync(record.Id, PageRequest.First(), Ct)).Items);
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Record_sync_state_bumps_version_and_keeps_the_directory_value_when_none_is_given()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var verifiedAt = Start.AddHours(1);

        var first = await store.Records.RecordSyncStateAsync(record.Id, SyncState.InSync, "", "1335", verifiedAt,
            ContractData.Draft(AuditAction.SyncStateRecorded), Ct);
        var head = await AuditHeadAsync(store);
        var second = await store.Records.RecordSyncStateAsync(record.Id, SyncState.OutOfSync, "changed outside", null,
            verifiedAt.AddHours(1), ContractData.Draft(AuditAction.SyncStateRecorded), Ct);

        Assert.Equal(2, first.Version);
        Assert.Equal(3, second.Version);
        var read = await store.Records.GetAsync(record.Id, Ct);
        Assert.Equal(SyncState.OutOfSync, read!.SyncState);
        Assert.Equal("changed outside", read.SyncReason);
        Assert.Equal("1335", read.DirectoryPasswordLastSet);
        Assert.Equal(verifiedAt.AddHours(1), read.LastVerifiedAt);
        Assert.Equal(record.SealedPassword, read.SealedPassword);
        await AssertOneEventAsync(store, head, AuditAction.SyncStateRecorded);
        await AssertRefusedAsync(StoreError.NotFound, () => store.Records.RecordSyncStateAsync("nope", SyncState.InSync,
            "", null, verifiedAt, ContractData.Draft(AuditAction.SyncStateRecorded), Ct));
    }
}
