using Microsoft.Extensions.Time.Testing;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Crypto;
using PasswordSync.Vault.Tests.Storage.Contract;

namespace PasswordSync.Vault.Tests.Storage.Sqlite;

/// <summary>
/// KEK rotation end to end on a real database with the real cipher: walk the keys not under the new KEK in batches,
/// re-wrap each with a compare-and-set, drop the old KEK, and every stored secret still opens.
/// </summary>
public sealed class SqliteKekRotationTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestDatabase database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_secret_opens_after_rewrapping_through_the_store_and_removing_the_old_kek()
    {
        var store = await database.OpenStoreAsync(new FakeTimeProvider(Start));
        var keyring1 = TestKeyrings.New();
        var before = new RecordCipher(keyring1);
        var list = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);
        var recordIds = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var id = ContractData.NewId("rec");
            var key = before.NewDataKey(id);
            var history = ContractData.History(id, Start);
            await store.Records.CreateAsync(ContractData.Record(list.Id) with
            {
                Id = id,
                DataKey = key,
                SealedPassword = before.Seal(key, id, "password", $"first-{i}"),
            }, ContractData.Draft(AuditAction.RecordCreated), Ct);
            await store.Records.SetPasswordAsync(id, 1, before.Seal(key, id, "password", $"second-{i}"),
                history with { SealedPassword = before.Seal(key, id, $"history/{history.Id}", $"first-{i}") }, Start,
                ContractData.Draft(AuditAction.PasswordChanged), Ct);
            recordIds.Add(id);
        }

        await store.Records.DeleteAsync(recordIds[0], 2, Start, ContractData.Draft(AuditAction.RecordDeleted), Ct);
        var targetId = ContractData.NewId("target");
        await store.Targets.CreateAsync(ContractData.Target() with
        {
            Id = targetId,
            SealedPrivilegedPassword = before.SealStandalone(targetId, "privileged_password", "admin-secret"),
        }, ContractData.Draft(AuditAction.TargetCreated), Ct);

        var keyring2 = keyring1.WithNewActiveKek(TimeProvider.System);
        var during = new RecordCipher(keyring2);
        var rewrapped = 0;
        string? after = null;
        for (var batch = 0; batch < 100; batch++)
        {
            var keys = await store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Record, during.ActiveKekVersion, after, 3, Ct);
            if (keys.Count == 0)
            {
                break;
            }

            foreach (var key in keys)
            {
                Assert.True(await store.DataKeys.ReplaceRecordKeyAsync(key.OwnerId, key.DataKey!,
                    during.Rewrap(key.DataKey!, key.OwnerId), Ct));
                rewrapped++;
            }

            after = keys[^1].OwnerId;
        }

        var secret = Assert.Single(await store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Target, during.ActiveKekVersion, null, 10, Ct));
        var rewrappedSecret = during.RewrapStandalone(targetId, secret.StandaloneSecret!);
        Assert.True(await store.DataKeys.ReplaceTargetSecretAsync(targetId, secret.StandaloneSecret!, rewrappedSecret,
            during.StandaloneKekVersion(rewrappedSecret), Ct));

        var afterRemoval = new RecordCipher(keyring2.WithoutKek(1));
        Assert.Equal(7, rewrapped);
        Assert.Empty(await store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Record, 2, null, 10, Ct));
        Assert.Empty(await store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Target, 2, null, 10, Ct));
        for (var i = 0; i < recordIds.Count; i++)
        {
            var record = (await store.Records.GetAsync(recordIds[i], Ct))!;
            Assert.Equal(2, record.DataKey.KekVersion);
            Assert.Equal($"second-{i}", afterRemoval.Open(record.DataKey, record.Id, "password", record.SealedPassword!));
            var old = Assert.Single((await store.Records.GetHistoryAsync(record.Id, PageRequest.First(), Ct)).Items);
            Assert.Equal($"first-{i}", afterRemoval.Open(record.DataKey, record.Id, $"history/{old.Id}", old.SealedPassword));
        }

        var target = (await store.Targets.GetAsync(targetId, Ct))!;
        Assert.Equal(2, target.PrivilegedPasswordKekVersion);
        Assert.Equal("admin-secret", afterRemoval.OpenStandalone(targetId, "privileged_password", target.SealedPrivilegedPassword));
    }

    public void Dispose() => database.Dispose();
}
