namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// A WHERE clause holding only the criteria actually given (still fully parameterised), so SQLite can use the index
/// of each one; "(@x IS NULL OR column = @x)" would hide them from the query planner.
/// </summary>
internal sealed class SqlFilter
{
    private readonly List<string> conditions = [];
    private readonly List<(string Name, object? Value)> parameters = [];

    public SqlFilter Where(string condition, params (string Name, object? Value)[] values)
    {
        conditions.Add(condition);
        parameters.AddRange(values);
        return this;
    }

    /// <summary>Adds the condition only when <paramref name="value"/> is given.</summary>
    public SqlFilter WhereIf<T>(T? value, string condition, string parameter)
    {
        return value is null ? this : Where(condition, (parameter, value));
    }

    public string Sql => conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);

    public (string Name, object? Value)[] Parameters(params (string Name, object? Value)[] more) =>
        [.. parameters, .. more];
}
