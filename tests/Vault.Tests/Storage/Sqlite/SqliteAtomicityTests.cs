using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Storage.Contract;

namespace PasswordSync.Vault.Tests.Storage.Sqlite;

/// <summary>A change and its audit event exist together or not at all: when the audit insert fails, so does the change.</summary>
public sealed class SqliteAtomicityTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestDatabase database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private void Execute(string sql)
    {
        using var connection = database.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task A_failed_audit_append_undoes_the_change_and_its_request_id()
    {
        var store = await database.OpenStoreAsync(new FakeTimeProvider(Start));
        var list = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);
        var record = await store.Records.CreateAsync(ContractData.Record(list.Id), ContractData.Draft(AuditAction.RecordCreated), Ct);
        var pending = ContractData.Pending("gw", Start.AddMinutes(5));
        Execute("CREATE TRIGGER audit_down BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;");

        await Assert.ThrowsAsync<SqliteException>(() => store.Records.CreateAsync(ContractData.Record(list.Id) with { Id = "rec-lost" },
            ContractData.Draft(AuditAction.RecordCreated), Ct));
        await Assert.ThrowsAsync<SqliteException>(() => store.Rotations.BeginAsync("req-1", record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct));

        Assert.Null(await store.Records.GetAsync("rec-lost", Ct));
        var unchanged = await store.Records.GetAsync(record.Id, Ct);
        Assert.Null(unchanged!.Pending);
        Assert.Equal(1, unchanged.Version);

        Execute("DROP TRIGGER audit_down;");
        var begun = await store.Rotations.BeginAsync("req-1", record.Id, pending, ContractData.Draft(AuditAction.RotationBegun), Ct);
        Assert.Equal(pending.RotationId, begun.Pending!.RotationId);
        Assert.Equal(3, (await store.Audit.VerifyAsync(Ct)).HeadSequence);
    }

    [Fact]
    public async Task A_batch_of_sync_states_is_one_transaction_a_failure_on_its_last_item_undoes_the_first()
    {
        var store = await database.OpenStoreAsync(new FakeTimeProvider(Start));
        var list = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);
        var first = await store.Records.CreateAsync(ContractData.Record(list.Id), ContractData.Draft(AuditAction.RecordCreated), Ct);
        var last = await store.Records.CreateAsync(ContractData.Record(list.Id), ContractData.Draft(AuditAction.RecordCreated), Ct);
        Execute($"CREATE TRIGGER audit_down BEFORE INSERT ON audit_events WHEN NEW.record_id = '{last.Id}' "
            + "BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;");

        await Assert.ThrowsAsync<SqliteException>(() => store.Records.RecordSyncStatesAsync(
        [
            new SyncStateUpdate(first.Id, null, SyncState.InSync, "", "1", ContractData.Draft(AuditAction.SyncStateRecorded)),
            new SyncStateUpdate(last.Id, null, SyncState.InSync, "", "2", ContractData.Draft(AuditAction.SyncStateRecorded)),
        ], Start, Ct));

        var untouched = await store.Records.GetAsync(first.Id, Ct);
        Assert.Equal((SyncState.Unknown, 1L, ""), (untouched!.SyncState, untouched.Version, untouched.DirectoryPasswordLastSet));
        Assert.Equal(3, (await store.Audit.VerifyAsync(Ct)).HeadSequence);
    }

    public void Dispose() => database.Dispose();
}
