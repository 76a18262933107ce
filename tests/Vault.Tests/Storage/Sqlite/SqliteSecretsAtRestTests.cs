using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Crypto;
using PasswordSync.Vault.Tests.Storage.Contract;

namespace PasswordSync.Vault.Tests.Storage.Sqlite;

/// <summary>
/// The store only ever receives sealed bytes (here sealed by the vault's real cipher); these tests check it keeps them
/// as opaque BLOBs (never as text, never copied anywhere in clear) by scanning the database file and its write-ahead log.
/// </summary>
public sealed class SqliteSecretsAtRestTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestDatabase database = new();
    private readonly RecordCipher cipher = new(TestKeyrings.New());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [Fact]
    public async Task Secrets_appear_only_sealed_while_plain_fields_are_found_by_the_same_scan()
    {
        var store = await database.OpenStoreAsync(new FakeTimeProvider(Start));
        const string PlainMarker = "PLAIN-MARKER-7f3a";
        const string SecretMarker = "SECRET-MARKER-c91e";
        var list = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);
        var recordId = ContractData.NewId("rec");
        var key = cipher.NewDataKey(recordId);
        var record = await store.Records.CreateAsync(ContractData.Record(list.Id, PlainMarker) with
        {
            Id = recordId,
            DataKey = key,
            SealedPassword = cipher.Seal(key, recordId, "password", SecretMarker + "-current"),
        }, ContractData.Draft(AuditAction.RecordCreated), Ct);
        var pending = ContractData.Pending("gw", Start.AddMinutes(5)) with
        {
            SealedPassword = cipher.Seal(key, recordId, "pending_password", SecretMarker + "-pending"),
        };
        await store.Rotations.BeginAsync("req-1", record.Id, pending, ContractData.Draft(AuditAction.RotationBegun), Ct);
        var history = ContractData.History(record.Id, Start);
        history = history with
        {
            SealedPassword = cipher.Seal(key, recordId, $"history/{history.Id}", SecretMarker + "-current"),
        };
        var committed = await store.Rotations.CommitAsync("req-2", record.Id, pending.RotationId,
            new RotationCommit(cipher.Seal(key, recordId, "password", SecretMarker + "-pending"), history, "1", Start),
            ContractData.Draft(AuditAction.RotationCommitted), Ct);
        var targetId = ContractData.NewId("target");
        var target = await store.Targets.CreateAsync(ContractData.Target() with
        {
            Id = targetId,
            SealedPrivilegedPassword = cipher.SealStandalone(targetId, "privileged_password", SecretMarker + "-target"),
        }, ContractData.Draft(AuditAction.TargetCreated), Ct);

        var onDisk = database.FileBytes();

        Assert.True(Contains(onDisk, Encoding.UTF8.GetBytes(PlainMarker)), "the scan must see recent writes");
        Assert.False(Contains(onDisk, Encoding.UTF8.GetBytes(SecretMarker)));
        Assert.False(Contains(onDisk, Encoding.Unicode.GetBytes(SecretMarker)));
        // The sealed bytes themselves are stored verbatim as BLOBs and read back exactly.
        Assert.True(Contains(onDisk, committed.SealedPassword!));
        var read = await store.Records.GetAsync(record.Id, Ct);
        Assert.Equal(SecretMarker + "-pending", cipher.Open(read!.DataKey, recordId, "password", read.SealedPassword!));
        Assert.Equal(SecretMarker + "-target", cipher.OpenStandalone(targetId, "privileged_password",
            (await store.Targets.GetAsync(target.Id, Ct))!.SealedPrivilegedPassword));
        Assert.Equal(history.SealedPassword,
            (await store.Records.GetHistoryAsync(record.Id, PageRequest.First(), Ct)).Items.Single().SealedPassword);
    }

    [Theory]
    [InlineData("UPDATE records SET sealed_password = 'hunter2'")]
    [InlineData("UPDATE records SET wrapped_key = 'hunter2'")]
    [InlineData("UPDATE password_history SET sealed_password = 'hunter2'")]
    [InlineData("UPDATE targets SET privileged_password = 'hunter2'")]
    public async Task Secret_columns_refuse_text(string sql)
    {
        var store = await database.OpenStoreAsync(new FakeTimeProvider(Start));
        var list = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);
        var record = await store.Records.CreateAsync(ContractData.Record(list.Id), ContractData.Draft(AuditAction.RecordCreated), Ct);
        await store.Records.SetPasswordAsync(record.Id, 1, ContractData.Sealed(), ContractData.History(record.Id, Start),
            Start, ContractData.Draft(AuditAction.PasswordChanged), Ct);
        await store.Targets.CreateAsync(ContractData.Target(), ContractData.Draft(AuditAction.TargetCreated), Ct);
        using var connection = database.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;

        var refused = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.Contains("cannot store TEXT value in BLOB column", refused.Message);
    }

    public void Dispose() => database.Dispose();
}
