using Microsoft.Data.Sqlite;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Tests.Storage.Contract;

namespace PasswordSync.Vault.Tests.Storage.Sqlite;

/// <summary>
/// The store keeps its SQLite connections open and sets their per-connection pragmas once, when each is opened: these
/// tests hold several sessions open at once (so each is on its own physical connection), release them, and check that
/// every connection, new or reused, has synchronous=FULL, foreign keys on and the busy timeout.
/// </summary>
public sealed class SqliteConnectionReuseTests : IDisposable
{
    private const int AtOnce = 5;
    private readonly SqliteTestDatabase database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_connection_open_at_the_same_time_and_every_reused_one_has_the_durability_pragmas()
    {
        var store = await database.OpenStoreAsync(TimeProvider.System);

        var first = await ReadPragmasOnSeparateConnectionsAsync(store);
        var reused = await ReadPragmasOnSeparateConnectionsAsync(store);

        Assert.All(first.Concat(reused), pragmas => Assert.Equal(new Pragmas(2, 1, 30_000), pragmas));
    }

    [Fact]
    public async Task A_writer_after_a_failed_write_still_has_the_durability_pragmas_and_enforces_foreign_keys()
    {
        var store = await database.OpenStoreAsync(TimeProvider.System);

        // A failed write closes its connection; the next writer opens a fresh one.
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Database.WriteAsync<int>(
            _ => throw new InvalidOperationException("the work failed"), Ct));
        var pragmas = await store.Database.WriteAsync(ReadPragmasAsync, Ct);
        var orphan = await Assert.ThrowsAsync<SqliteException>(() => store.Database.WriteAsync(s => s.ExecuteAsync(
            """
            INSERT INTO password_history (id, record_id, sealed_password, replaced_at, changed_by, reason)
            VALUES ('h1', 'no-such-record', x'00', 0, 'test', 'test')
            """, Ct), Ct));
        var rows = await store.Database.ReadAsync(
            async s => (long)(await s.ScalarAsync("SELECT COUNT(*) FROM password_history", Ct))!, Ct);

        Assert.Equal(new Pragmas(2, 1, 30_000), pragmas);
        Assert.Equal(787, orphan.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_FOREIGNKEY
        Assert.Equal(0, rows);
    }

    [Fact]
    public async Task Statements_kept_compiled_between_calls_see_every_committed_write()
    {
        var store = await database.OpenStoreAsync(TimeProvider.System);
        var list = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);

        // The same read statement, run again on a kept connection, must not answer from an old snapshot.
        for (var i = 0; i < 3; i++)
        {
            var record = await store.Records.CreateAsync(ContractData.Record(list.Id),
                ContractData.Draft(AuditAction.RecordCreated), Ct);
            var count = await store.Database.ReadAsync(
                async s => (long)(await s.ScalarAsync("SELECT COUNT(*) FROM records", Ct))!, Ct);
            Assert.Equal(i + 1, count);
            Assert.Equal(record.Id, (await store.Records.GetAsync(record.Id, Ct))?.Id);
        }
    }

    private static async Task<Pragmas[]> ReadPragmasOnSeparateConnectionsAsync(
        PasswordSync.Vault.Storage.Sqlite.SqliteVaultStore store)
    {
        // No session finishes before all of them have started: each holds a connection of its own meanwhile.
        var inside = 0;
        var allInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sessions = Enumerable.Range(0, AtOnce).Select(_ => Task.Run(() => store.Database.ReadAsync(async s =>
        {
            if (Interlocked.Increment(ref inside) == AtOnce)
            {
                allInside.SetResult();
            }

            await allInside.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            return await ReadPragmasAsync(s);
        }, Ct), Ct));
        return await Task.WhenAll(sessions);
    }

    private static async Task<Pragmas> ReadPragmasAsync(PasswordSync.Vault.Storage.Sqlite.SqlSession s) => new(
        (long)(await s.ScalarAsync("PRAGMA synchronous", Ct))!,
        (long)(await s.ScalarAsync("PRAGMA foreign_keys", Ct))!,
        (long)(await s.ScalarAsync("PRAGMA busy_timeout", Ct))!);

    public void Dispose() => database.Dispose();

    private sealed record Pragmas(long Synchronous, long ForeignKeys, long BusyTimeoutMilliseconds);
}
