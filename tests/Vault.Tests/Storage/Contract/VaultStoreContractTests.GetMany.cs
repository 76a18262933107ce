using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Tests.Storage.Contract;

public abstract partial class VaultStoreContractTests
{
    [Fact]
    public async Task Get_many_reads_each_existing_record_as_get_does_deleted_ones_included()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var kept = await AddRecordAsync(store, ContractData.Record(list.Id));
        var other = await AddRecordAsync(store, ContractData.Record(list.Id));
        var deleted = await AddRecordAsync(store, ContractData.Record(list.Id));
        await store.Records.DeleteAsync(deleted.Id, 1, Start.AddDays(1), ContractData.Draft(AuditAction.RecordDeleted), Ct);

        var read = await store.Records.GetManyAsync([deleted.Id, "missing-" + Guid.NewGuid().ToString("N"), kept.Id,
            other.Id], Ct);

        Assert.Equal(new[] { deleted.Id, kept.Id, other.Id }.Order(StringComparer.Ordinal),
            read.Select(r => r.Id).Order(StringComparer.Ordinal));
        foreach (var record in read)
        {
            Assert.Equal(Snapshot((await store.Records.GetAsync(record.Id, Ct))!), Snapshot(record));
        }

        Assert.NotNull(read.Single(r => r.Id == deleted.Id).DeletedAt);
        Assert.Empty(await store.Records.GetManyAsync([], Ct));
    }
}
