using Microsoft.Data.Sqlite;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// Parameterised statements on one connection (and its transaction, when writing). SQLite does its work on the
/// calling thread whatever the API, so the statements run synchronously and the tasks returned are complete: the
/// asynchronous forms would only add allocations. With a <see cref="StatementCache"/>, a statement run again on the
/// same connection is not compiled again.
/// </summary>
internal class SqlSession(SqliteConnection connection, SqliteTransaction? transaction, StatementCache? statements = null)
{
    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters) =>
        Run(sql, parameters, static command => command.ExecuteNonQuery(), cancellationToken);

    public Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters) =>
        Run(sql, parameters, static command =>
        {
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }, cancellationToken);

    public Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> map,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        Run(sql, parameters, command =>
        {
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(map(reader));
            }

            return rows;
        }, cancellationToken);

    public async Task<T?> QuerySingleAsync<T>(string sql, Func<SqliteDataReader, T> map,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        var rows = await QueryAsync(sql, map, cancellationToken, parameters);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Streams rows without holding them all (audit verification walks the whole chain).</summary>
    public async IAsyncEnumerable<T> StreamAsync<T>(string sql, Func<SqliteDataReader, T> map,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Its own command, never a cached one: the caller may run other statements while this reader is open.
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return map(reader);
        }
    }

    private Task<TResult> Run<TResult>(string sql, (string Name, object? Value)[] parameters,
        Func<SqliteCommand, TResult> execute, CancellationToken cancellationToken)
    {
        SqliteCommand? command = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            command = statements?.Rent(sql, transaction) ?? CreateOwn(sql);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            return Task.FromResult(execute(command));
        }
        catch (Exception e)
        {
            return Task.FromException<TResult>(e);
        }
        finally
        {
            if (command is not null)
            {
                if (statements is null)
                {
                    command.Dispose();
                }
                else
                {
                    statements.Release(command);
                }
            }
        }
    }

    private SqliteCommand CreateOwn(string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
