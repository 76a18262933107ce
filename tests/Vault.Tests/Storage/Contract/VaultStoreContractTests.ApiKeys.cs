using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

public abstract partial class VaultStoreContractTests
{
    [Fact]
    public async Task Api_key_is_found_by_its_hash_and_round_trips()
    {
        var store = await CreateStoreAsync();
        var key = ContractData.ApiKey();

        var created = await store.ApiKeys.CreateAsync(key, ContractData.Draft(AuditAction.ApiKeyCreated), Ct);

        var found = await store.ApiKeys.FindByHashAsync(key.Hash.ToArray(), Ct);
        Assert.Equal(Snapshot(created), Snapshot(found));
        Assert.Equal(Snapshot(created), Snapshot(await store.ApiKeys.GetAsync(key.Id, Ct)));
        Assert.Equal(key.Permissions, found!.Permissions);
        Assert.Equal(key.ListIds, found.ListIds);
        Assert.Equal(key.ExpiresAt, found.ExpiresAt);
        Assert.Null(found.RevokedAt);
        Assert.Null(await store.ApiKeys.FindByHashAsync(ContractData.Sealed(32), Ct));
        await AssertOneEventAsync(store, 0, AuditAction.ApiKeyCreated);
    }

    [Fact]
    public async Task Api_key_with_a_hash_already_stored_is_AlreadyExists()
    {
        var store = await CreateStoreAsync();
        var key = await store.ApiKeys.CreateAsync(ContractData.ApiKey(), ContractData.Draft(AuditAction.ApiKeyCreated), Ct);
        var clash = ContractData.ApiKey() with { Hash = key.Hash };

        await AssertRefusedAsync(StoreError.AlreadyExists,
            () => store.ApiKeys.CreateAsync(clash, ContractData.Draft(AuditAction.ApiKeyCreated), Ct));

        Assert.Null(await store.ApiKeys.GetAsync(clash.Id, Ct));
        await AssertNoEventAsync(store, 1);
    }

    [Fact]
    public async Task Revoked_key_keeps_its_first_revocation_time()
    {
        var store = await CreateStoreAsync();
        var key = await store.ApiKeys.CreateAsync(ContractData.ApiKey(), ContractData.Draft(AuditAction.ApiKeyCreated), Ct);

        var revoked = await store.ApiKeys.RevokeAsync(key.Id, Start.AddDays(1), ContractData.Draft(AuditAction.ApiKeyRevoked), Ct);
        var again = await store.ApiKeys.RevokeAsync(key.Id, Start.AddDays(2), ContractData.Draft(AuditAction.ApiKeyRevoked), Ct);

        Assert.Equal(Start.AddDays(1), revoked.RevokedAt);
        Assert.Equal(Start.AddDays(1), again.RevokedAt);
        Assert.Equal(Start.AddDays(1), (await store.ApiKeys.FindByHashAsync(key.Hash, Ct))!.RevokedAt);
        await AssertOneEventAsync(store, 1, AuditAction.ApiKeyRevoked);
        await AssertRefusedAsync(StoreError.NotFound, () => store.ApiKeys.RevokeAsync("nope", Start,
            ContractData.Draft(AuditAction.ApiKeyRevoked), Ct));
    }

    [Fact]
    public async Task Touch_notes_the_last_use_without_an_audit_event()
    {
        var store = await CreateStoreAsync();
        var key = await store.ApiKeys.CreateAsync(ContractData.ApiKey(), ContractData.Draft(AuditAction.ApiKeyCreated), Ct);

        await store.ApiKeys.TouchAsync(key.Id, Start.AddHours(3), Ct);

        Assert.Equal(Start.AddHours(3), (await store.ApiKeys.GetAsync(key.Id, Ct))!.LastUsedAt);
        await AssertNoEventAsync(store, 1);
    }

    [Fact]
    public async Task Api_keys_list_in_id_order_across_pages()
    {
        var store = await CreateStoreAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await store.ApiKeys.CreateAsync(ContractData.ApiKey(), ContractData.Draft(AuditAction.ApiKeyCreated), Ct)).Id);
        }

        var all = await ReadAllPagesAsync(p => store.ApiKeys.ListAsync(p, Ct), 2);

        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(k => k.Id));
    }
}
