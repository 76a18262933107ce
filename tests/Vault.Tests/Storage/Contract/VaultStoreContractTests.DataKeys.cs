using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

public abstract partial class VaultStoreContractTests
{
    [Fact]
    public async Task Keys_not_under_the_active_kek_are_listed_in_owner_order_after_a_position()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var old = new List<PasswordRecord>();
        for (var i = 0; i < 4; i++)
        {
            old.Add(await AddRecordAsync(store, ContractData.Record(list.Id)));
        }

        await AddRecordAsync(store, ContractData.Record(list.Id) with { DataKey = new WrappedDataKey(2, ContractData.Sealed()) });
        var deleted = old[0];
        await store.Records.DeleteAsync(deleted.Id, 1, Start, ContractData.Draft(AuditAction.RecordDeleted), Ct);
        var expected = old.Select(r => r.Id).Order(StringComparer.Ordinal).ToList();

        var firstTwo = await store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Record, 2, null, 2, Ct);
        var rest = await store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Record, 2, firstTwo[^1].OwnerId, 10, Ct);

        Assert.Equal(expected, firstTwo.Concat(rest).Select(k => k.OwnerId));
        Assert.All(firstTwo.Concat(rest), k => Assert.Equal(1, k.DataKey!.KekVersion));
        var one = firstTwo[0];
        Assert.Equal(old.Single(r => r.Id == one.OwnerId).DataKey.Wrapped, one.DataKey!.Wrapped);
        Assert.Null(one.StandaloneSecret);
    }

    [Fact]
    public async Task Record_key_is_replaced_only_while_it_still_equals_the_expected_one()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var replacement = new WrappedDataKey(2, ContractData.Sealed());
        var head = await AuditHeadAsync(store);

        var stale = await store.DataKeys.ReplaceRecordKeyAsync(record.Id, new WrappedDataKey(1, ContractData.Sealed()),
            replacement, Ct);
        Assert.False(stale);
        Assert.Equal(record.DataKey.Wrapped, (await store.Records.GetAsync(record.Id, Ct))!.DataKey.Wrapped);

        var replaced = await store.DataKeys.ReplaceRecordKeyAsync(record.Id, record.DataKey, replacement, Ct);

        Assert.True(replaced);
        var read = await store.Records.GetAsync(record.Id, Ct);
        Assert.Equal(2, read!.DataKey.KekVersion);
        Assert.Equal(replacement.Wrapped, read.DataKey.Wrapped);
        Assert.Equal(record.Version, read.Version);
        Assert.Equal(record.SealedPassword, read.SealedPassword);
        Assert.False(await store.DataKeys.ReplaceRecordKeyAsync(record.Id, record.DataKey, replacement, Ct));
        Assert.Empty(await store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Record, 2, null, 10, Ct));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Target_secret_is_replaced_only_while_it_still_equals_the_expected_one()
    {
        var store = await CreateStoreAsync();
        var target = await store.Targets.CreateAsync(ContractData.Target(), ContractData.Draft(AuditAction.TargetCreated), Ct);
        var listed = Assert.Single(await store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Target, 2, null, 10, Ct));
        Assert.Equal(target.Id, listed.OwnerId);
        Assert.Equal(target.SealedPrivilegedPassword, listed.StandaloneSecret);
        Assert.Null(listed.DataKey);
        var replacement = ContractData.Sealed();

        Assert.False(await store.DataKeys.ReplaceTargetSecretAsync(target.Id, ContractData.Sealed(), replacement, 2, Ct));
        Assert.True(await store.DataKeys.ReplaceTargetSecretAsync(target.Id, target.SealedPrivilegedPassword, replacement, 2, Ct));

        var read = await store.Targets.GetAsync(target.Id, Ct);
        Assert.Equal(replacement, read!.SealedPrivilegedPassword);
        Assert.Equal(2, read.PrivilegedPasswordKekVersion);
        Assert.Equal(1, read.Version);
        Assert.Empty(await store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Target, 2, null, 10, Ct));
        Assert.Single(await store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Target, 3, null, 10, Ct));
    }
}
