using Microsoft.Data.Sqlite;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Sqlite;

namespace PasswordSync.Vault.Tests.Storage.Sqlite;

/// <summary>
/// Writes that queue while another write runs commit together, in one transaction and one fsync (group commit), and
/// each still behaves as its own transaction: its caller hears of it only once it is committed and readable by
/// anyone, and a write that fails leaves nothing behind while the others in its group are stored.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private const int Queued = 6;
    private readonly SqliteTestDatabase database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writes_queued_behind_a_running_write_commit_once_together_and_each_is_readable_when_it_returns()
    {
        var store = await database.OpenStoreAsync(TimeProvider.System);
        await CreateTableAsync(store);
        var (blocker, release) = await BlockWriterAsync(store);
        var commitsBefore = store.Database.Commits;

        var writes = Enumerable.Range(1, Queued).Select(i => Task.Run(() => store.Database.WriteAsync(
            s => s.ExecuteAsync("INSERT INTO grouped (id) VALUES (@id)", Ct, ("@id", i)), Ct))).ToList();
        await WaitUntilAsync(() => QueuedCount(store) == Queued);
        release.SetResult();
        await blocker;
        foreach (var (write, i) in writes.Select((w, i) => (w, i + 1)))
        {
            await write;
            // Durable and visible to another connection as soon as its caller hears of it.
            Assert.Equal(1L, RawScalar($"SELECT COUNT(*) FROM grouped WHERE id = {i}"));
        }

        Assert.Equal(commitsBefore + 2, store.Database.Commits); // the blocking write, then the six together
    }

    [Fact]
    public async Task A_write_that_fails_in_a_group_leaves_nothing_while_the_others_are_stored()
    {
        var store = await database.OpenStoreAsync(TimeProvider.System);
        await CreateTableAsync(store);
        var (blocker, release) = await BlockWriterAsync(store);

        var good = Task.Run(() => store.Database.WriteAsync(
            s => s.ExecuteAsync("INSERT INTO grouped (id) VALUES (1)", Ct), Ct));
        var refused = Task.Run(() => store.Database.WriteAsync<int>(async s =>
        {
            await s.ExecuteAsync("INSERT INTO grouped (id) VALUES (2)", Ct);
            throw new StoreException(StoreError.InvalidState, "refused after its first insert");
        }, Ct));
        var broken = Task.Run(() => store.Database.WriteAsync<int>(async s =>
        {
            await s.ExecuteAsync("INSERT INTO grouped (id) VALUES (3)", Ct);
            await s.ExecuteAsync("INSERT INTO grouped (id) VALUES (3)", Ct); // primary key violation
            return 0;
        }, Ct));
        var alsoGood = Task.Run(() => store.Database.WriteAsync(
            s => s.ExecuteAsync("INSERT INTO grouped (id) VALUES (4)", Ct), Ct));
        await WaitUntilAsync(() => QueuedCount(store) == 4);
        release.SetResult();
        await blocker;

        Assert.Equal(1, await good);
        Assert.Equal(1, await alsoGood);
        await Assert.ThrowsAsync<StoreException>(() => refused);
        await Assert.ThrowsAsync<SqliteException>(() => broken);
        Assert.Equal(new long[] { 1, 4 }, RawIds());
        // The writer after a failure still works (a fresh connection).
        await store.Database.WriteAsync(s => s.ExecuteAsync("INSERT INTO grouped (id) VALUES (5)", Ct), Ct);
        Assert.Equal(new long[] { 1, 4, 5 }, RawIds());
    }

    [Fact]
    public async Task A_write_cancelled_while_it_waits_for_the_writer_is_never_run()
    {
        var store = await database.OpenStoreAsync(TimeProvider.System);
        await CreateTableAsync(store);
        var (blocker, release) = await BlockWriterAsync(store);
        using var cancel = new CancellationTokenSource();

        var cancelled = Task.Run(() => store.Database.WriteAsync(
            s => s.ExecuteAsync("INSERT INTO grouped (id) VALUES (7)", CancellationToken.None), cancel.Token));
        await WaitUntilAsync(() => QueuedCount(store) == 1);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        release.SetResult();
        await blocker;
        await store.Database.WriteAsync(s => s.ExecuteAsync("INSERT INTO grouped (id) VALUES (8)", Ct), Ct);

        Assert.Equal(new long[] { 8 }, RawIds());
    }

    private static Task<int> CreateTableAsync(SqliteVaultStore store) => store.Database.WriteAsync(
        s => s.ExecuteAsync("CREATE TABLE grouped (id INTEGER PRIMARY KEY) STRICT", Ct), Ct);

    /// <summary>A write that holds the writer until released, so the writes started meanwhile queue.</summary>
    private static async Task<(Task Blocker, TaskCompletionSource Release)> BlockWriterAsync(SqliteVaultStore store)
    {
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = Task.Run(() => store.Database.WriteAsync(async _ =>
        {
            inside.SetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            return 0;
        }, Ct));
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        return (blocker, release);
    }

    private static int QueuedCount(SqliteVaultStore store) => store.Database.QueuedWrites;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.True(condition(), "the writes did not queue within 5 s");
    }

    private long RawScalar(string sql)
    {
        using var connection = database.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private long[] RawIds()
    {
        using var connection = database.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM grouped ORDER BY id";
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return [.. ids];
    }

    public void Dispose() => database.Dispose();
}
