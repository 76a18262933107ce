using Microsoft.Data.Sqlite;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// Connections to one database file. SQLite admits one writer at a time: writes are serialised in-process by a
/// semaphore (so writers queue instead of spinning on SQLITE_BUSY) and across processes by BEGIN IMMEDIATE, which takes
/// the file's write lock before the first read of the transaction, so a read-check-write inside it cannot race.
/// Reads use pooled connections and, in WAL mode, never wait for the writer.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly string connectionString;
    private readonly string connectionPragmas;
    private readonly TimeProvider clock;

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
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();

        // Per-connection settings (pooled connections keep them, setting them again is cheap).
        // synchronous=FULL: in WAL mode a commit returns only after the WAL is fsync'd, so a rotation's begin is
        // durable before BeginAsync returns and nothing touches the directory before that (NORMAL could lose it on
        // power failure).
        connectionPragmas = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {busyMilliseconds};";
    }

    public string DataSource { get; }

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
        await using var connection = await OpenAsync(cancellationToken);
        return await work(new SqlSession(connection, null));
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits it; an exception rolls everything back.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<WriteSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            // Microsoft.Data.Sqlite starts a non-deferred (serializable) transaction with BEGIN IMMEDIATE.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(new WriteSession(connection, transaction, clock.GetUtcNow()));
            transaction.Commit();
            return result;
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a connection without a transaction while no other write of this process can
    /// start (a restore copies a whole database into this one with SQLite's backup API, which takes the file's write
    /// lock itself), then empties the connection pool so no connection from before the work is reused.
    /// </summary>
    public async Task<T> ExclusiveAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            var result = await work(connection);
            SqliteConnection.ClearPool(connection);
            return result;
        }
        finally
        {
            writeLock.Release();
        }
    }

    public void Dispose()
    {
        writeLock.Dispose();
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
