using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// Connections to one database file. SQLite admits one writer at a time: writes are serialised in-process by a
/// semaphore (so writers queue instead of spinning on SQLITE_BUSY) and across processes by BEGIN IMMEDIATE, which takes
/// the file's write lock before the first read of the transaction, so a read-check-write inside it cannot race.
/// Reads never wait for the writer in WAL mode.
/// The database keeps its own connections open between calls (<see cref="OpenConnection"/>): each ran its
/// per-connection pragmas once, when it was opened, and keeps its statements compiled, so a call costs what its
/// statements cost, not an open, two pragmas and a compile of every statement.
/// </summary>
internal sealed partial class SqliteDatabase : IDisposable
{
    // Enough for the vault's concurrent calls on 2-4 cores; a connection beyond it is closed after its call.
    private const int MaxIdleConnections = 16;

    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentBag<OpenConnection> idle = [];

    // The connection every write of this process runs on (under the write lock). SQLite keeps a connection's page
    // cache between transactions only while no other connection has written the file: on a connection taken from the
    // idle set at random, each write transaction started cold and read the B-tree pages it changes again (pread);
    // on one writer connection they stay cached, and its statements stay compiled.
    private OpenConnection? writer;
    private readonly string connectionString;
    private readonly string connectionPragmas;
    private readonly TimeProvider clock;
    private int generation;
    private int disposed;

    public SqliteDatabase(SqliteStoreOptions options, TimeProvider clock)
    {
        this.clock = clock;
        DataSource = options.Path;
        var busyMilliseconds = (long)options.BusyTimeout.TotalMilliseconds;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // This class keeps its connections itself (with their compiled statements); every SqliteConnection it
            // opens is a new physical connection, so the pragmas below run on every physical connection, once.
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();

        // synchronous=FULL: in WAL mode a commit returns only after the WAL is fsync'd, so a rotation's begin is
        // durable before BeginAsync returns and nothing touches the directory before that (NORMAL could lose it on
        // power failure).
        connectionPragmas = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {busyMilliseconds};";
    }

    public string DataSource { get; }

    /// <summary>A new physical connection with the per-connection pragmas set; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = connectionPragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<T> ReadAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var open = await RentAsync(cancellationToken);
        var healthy = false;
        try
        {
            var result = await work(new SqlSession(open.Connection, null, open.Statements));
            healthy = true;
            return result;
        }
        catch (StoreException)
        {
            // A refusal (not found, a conflict) says nothing against the connection.
            healthy = true;
            throw;
        }
        finally
        {
            Return(open, healthy);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits it; an exception rolls everything of the
    /// work back. Writes that queue while another one runs are committed together (see <see cref="RunGroupAsync"/>):
    /// a work's result is returned only once the transaction that holds its changes is durably committed.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<WriteSession, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new QueuedWrite<T>(work);
        lock (queue)
        {
            queue.Enqueue(write);
        }

        try
        {
            await writeLock.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!write.TryWithdraw())
        {
            // A runner took it before the cancellation: it runs (or ran), and its outcome is the caller's.
            return await write.Result;
        }

        try
        {
            // An earlier holder of the lock may have run it already, with its own group.
            while (!write.Result.IsCompleted)
            {
                await RunGroupAsync();
            }
        }
        finally
        {
            writeLock.Release();
        }

        return await write.Result;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a connection without a transaction while no other write of this process can
    /// start (a restore copies a whole database into this one with SQLite's backup API, which takes the file's write
    /// lock itself), then closes every connection kept from before the work so none is reused.
    /// </summary>
    public async Task<T> ExclusiveAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            var result = await work(connection);
            Interlocked.Increment(ref generation);
            CloseIdle();
            CloseWriter();
            return result;
        }
        finally
        {
            writeLock.Release();
        }
    }

    public void Dispose()
    {
        // The host and the store may both dispose it.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        Interlocked.Increment(ref generation);
        CloseIdle();
        // A write in flight retires the writer itself when it ends (its generation is old now).
        if (writeLock.Wait(0))
        {
            CloseWriter();
            writeLock.Release();
        }

        writeLock.Dispose();
    }

    /// <summary>A new writer connection (under the write lock), replacing one of an older generation.</summary>
    private async Task<OpenConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        CloseWriter();
        var open = new OpenConnection(await OpenAsync(cancellationToken), Volatile.Read(ref generation));
        writer = open;
        return open;
    }

    private void CloseWriter()
    {
        writer?.Dispose();
        writer = null;
    }

    private async Task<OpenConnection> RentAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref generation);
        while (idle.TryTake(out var open))
        {
            if (open.Generation == current)
            {
                return open;
            }

            open.Dispose();
        }

        return new OpenConnection(await OpenAsync(cancellationToken), current);
    }

    private void Return(OpenConnection open, bool healthy)
    {
        if (healthy && open.Generation == Volatile.Read(ref generation) && idle.Count < MaxIdleConnections)
        {
            idle.Add(open);
            // A restore that started meanwhile may have missed it: it must not be reused.
            if (open.Generation != Volatile.Read(ref generation))
            {
                CloseIdle();
            }
        }
        else
        {
            open.Dispose();
        }
    }

    private void CloseIdle()
    {
        while (idle.TryTake(out var open))
        {
            open.Dispose();
        }
    }
}
