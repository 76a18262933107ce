using Microsoft.Extensions.Time.Testing;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Storage.Contract;

namespace PasswordSync.Vault.Tests.Storage.Sqlite;

/// <summary>
/// A writer outside the store (another process) holds the database's write lock. The store's write transaction must
/// start by waiting for that lock (BEGIN IMMEDIATE), so it reads the audit head only after the other writer committed
/// and chains after its event; a deferred transaction would read a stale head and fail or fork.
/// </summary>
public sealed class SqliteCrossProcessLockTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestDatabase database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_store_write_waits_for_another_writer_and_chains_after_its_event()
    {
        var store = await database.OpenStoreAsync(new FakeTimeProvider(Start));
        using var other = database.OpenRawConnection();
        using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }

        var foreign = AuditChain.Next(1, Start, ContractData.Draft(AuditAction.KeyRotation, "other-process"), null,
            AuditChain.GenesisHash);
        using (var insert = other.CreateCommand())
        {
            insert.CommandText =
                """
                INSERT INTO audit_events (sequence, time, action, actor, list_id, record_id, target_id, detail,
                    request_id, previous_hash, hash)
                VALUES (1, @time, @action, @actor, '', '', '', @detail, '', @previous, @hash)
                """;
            insert.Parameters.AddWithValue("@time", foreign.Time.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("@action", (long)foreign.Action);
            insert.Parameters.AddWithValue("@actor", foreign.Actor);
            insert.Parameters.AddWithValue("@detail", foreign.Detail);
            insert.Parameters.AddWithValue("@previous", foreign.PreviousHash);
            insert.Parameters.AddWithValue("@hash", foreign.Hash);
            insert.ExecuteNonQuery();
        }

        var append = Task.Run(() => store.Audit.AppendAsync(null, ContractData.Draft(AuditAction.PasswordRevealed), Ct), Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        Assert.False(append.IsCompleted, "the store wrote while another writer held the lock");
        using (var commit = other.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }

        var appended = await append.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(2, appended.Sequence);
        Assert.Equal(foreign.Hash, appended.PreviousHash);
        Assert.True((await store.Audit.VerifyAsync(Ct)).Valid);
    }

    public void Dispose() => database.Dispose();
}
