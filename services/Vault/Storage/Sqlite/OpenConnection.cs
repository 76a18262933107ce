using Microsoft.Data.Sqlite;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// One physical SQLite connection kept open by <see cref="SqliteDatabase"/>: its per-connection pragmas ran once
/// when it was opened, and its statements stay compiled between sessions.
/// </summary>
internal sealed class OpenConnection(SqliteConnection connection, int generation) : IDisposable
{
    public SqliteConnection Connection { get; } = connection;

    public StatementCache Statements { get; } = new(connection);

    /// <summary>The database's generation when opened: a restore starts a new one and older connections are closed.</summary>
    public int Generation { get; } = generation;

    public void Dispose()
    {
        Statements.Dispose();
        Connection.Dispose();
    }
}
