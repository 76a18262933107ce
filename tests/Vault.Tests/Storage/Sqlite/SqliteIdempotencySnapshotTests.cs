using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Storage.Contract;

namespace PasswordSync.Vault.Tests.Storage.Sqlite;

/// <summary>
/// A journal step's request id keeps its first result in the idempotency ledger. Earlier versions kept it as a JSON
/// copy of the record; this one keeps a compact binary copy. A database upgraded in place still holds JSON entries,
/// and a retry of such a request (a gateway retrying across the vault's upgrade) must get its first result.
/// </summary>
public sealed class SqliteIdempotencySnapshotTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions LegacyJson = new(JsonSerializerDefaults.General);
    private readonly SqliteTestDatabase database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_begin_answered_by_an_earlier_version_still_replays_its_json_copy_after_the_rotation_moved_on()
    {
        var clock = new FakeTimeProvider(Start);
        var store = await database.OpenStoreAsync(clock);
        var list = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);
        var record = await store.Records.CreateAsync(ContractData.Record(list.Id),
            ContractData.Draft(AuditAction.RecordCreated), Ct);
        var pending = ContractData.Pending("gw-1", Start.AddMinutes(5));
        var first = await store.Rotations.BeginAsync("req-old", record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct);
        // What the previous version wrote for this request id: System.Text.Json's copy of the whole record.
        var legacy = JsonSerializer.SerializeToUtf8Bytes(first, LegacyJson);
        SetLedgerResult("req-old", legacy);
        clock.Advance(TimeSpan.FromSeconds(5));
        await store.Rotations.CommitAsync("req-old-commit", record.Id, pending.RotationId,
            new RotationCommit(ContractData.Sealed(), null, "20260601080005Z", clock.GetUtcNow()),
            ContractData.Draft(AuditAction.RotationCommitted), Ct);

        var replay = await store.Rotations.BeginAsync("req-old", record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct);

        Assert.Equal(Json(first), Json(replay));
        Assert.Null((await store.Records.GetAsync(record.Id, Ct))!.Pending);
    }

    [Fact]
    public async Task New_ledger_entries_hold_a_compact_copy_that_replays_every_field_not_a_json_one()
    {
        var store = await database.OpenStoreAsync(new FakeTimeProvider(Start));
        var list = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);
        var record = await store.Records.CreateAsync(ContractData.Record(list.Id) with
        {
            GenericValues = new Dictionary<string, string> { ["generic1"] = "dc01.example.test", ["generic2"] = "ü" },
            ExpiresAt = Start.AddDays(30),
        }, ContractData.Draft(AuditAction.RecordCreated), Ct);
        var pending = ContractData.Pending("gw-1", Start.AddMinutes(5)) with { Reason = "job:j1", Actor = "bob" };
        var first = await store.Rotations.BeginAsync("req-new", record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct);

        var stored = LedgerResult("req-new");
        var replay = await store.Rotations.BeginAsync("req-new", record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct);

        var json = JsonSerializer.SerializeToUtf8Bytes(first);
        Assert.NotEqual((byte)'{', stored[0]);
        Assert.True(stored.Length * 2 < json.Length, $"{stored.Length} bytes kept against {json.Length} of JSON");
        Assert.DoesNotContain("SealedPassword", Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        Assert.Equal(Json(first), Json(replay));
    }

    private void SetLedgerResult(string requestId, byte[] result)
    {
        using var connection = database.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE idempotency SET result = @result WHERE request_id = @id";
        command.Parameters.AddWithValue("@result", result);
        command.Parameters.AddWithValue("@id", requestId);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private byte[] LedgerResult(string requestId)
    {
        using var connection = database.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT result FROM idempotency WHERE request_id = @id";
        command.Parameters.AddWithValue("@id", requestId);
        return (byte[])command.ExecuteScalar()!;
    }

    // Dictionaries compared by content, whatever their order.
    private static string Json(PasswordRecord record) => JsonSerializer.Serialize(record with
    {
        GenericValues = new SortedDictionary<string, string>(record.GenericValues.ToDictionary()),
    });

    public void Dispose() => database.Dispose();
}
