using Microsoft.Data.Sqlite;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// The commands one open connection has run, kept prepared: a command whose text does not change keeps its compiled
/// sqlite3_stmt between executions, so a batch of 100 rotations compiles each statement once, not 100 times.
/// Bounded, because a few statements are built from filters; past the bound a command is compiled for one use.
/// Not thread-safe: a connection serves one session at a time.
/// </summary>
internal sealed class StatementCache(SqliteConnection connection) : IDisposable
{
    private const int MaxStatements = 128;
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);

    /// <summary>A command for <paramref name="sql"/> with no parameters bound; dispose it through <see cref="Release"/>.</summary>
    public SqliteCommand Rent(string sql, SqliteTransaction? transaction)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            if (commands.Count < MaxStatements)
            {
                commands[sql] = command;
            }
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    /// <summary>Disposes a command that was compiled for one use only; a cached one stays prepared.</summary>
    public void Release(SqliteCommand command)
    {
        if (!commands.TryGetValue(command.CommandText, out var cached) || !ReferenceEquals(cached, command))
        {
            command.Dispose();
        }
        else
        {
            // Parameter values (sealed passwords among them) are not kept alive between uses.
            command.Parameters.Clear();
            command.Transaction = null;
        }
    }

    public void Dispose()
    {
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }

        commands.Clear();
    }
}
