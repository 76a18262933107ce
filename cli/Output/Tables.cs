using Spectre.Console;

namespace PasswordSync.Cli.Output;

/// <summary>Plain tables; cell text is shown as text, never parsed as Spectre markup (it comes from users).</summary>
public static class Tables
{
    public static Table Of(string[] columns, IEnumerable<string?[]> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => new Text(string.IsNullOrEmpty(cell) ? "-" : cell)));
        }

        return table;
    }

    /// <summary>A two-column "field: value" table for one item.</summary>
    public static Table Fields(params (string Name, string? Value)[] fields) =>
        Of(["field", "value"], fields.Select(field => new[] { field.Name, field.Value }));
}
