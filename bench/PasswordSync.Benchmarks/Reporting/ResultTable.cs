using System.Text;

namespace PasswordSync.Benchmarks.Reporting;

/// <summary>The rows of one run, printed as they come and written as one markdown table at the end.</summary>
internal sealed class ResultTable
{
    private readonly List<ResultRow> rows = [];

    public IReadOnlyList<ResultRow> Rows => rows;

    public void Add(ResultRow row)
    {
        rows.Add(row);
        Console.WriteLine($"  {row.Measure}: {row.Value}"
            + (row.Baseline.Length > 0 ? $" vs {row.Baseline}" : "")
            + (row.Ratio is null ? "" : $" = {Figures.Ratio(row.Ratio)}")
            + (row.Target.Length > 0 ? $" (target {row.Target}: {row.Verdict})" : "")
            + (row.Note.Length > 0 ? $" [{row.Note}]" : ""));
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| # | measure | value | directory / raw baseline | ratio | target | result | note |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        // Rows come in the order they were measured; the table reads in the order (1..7, then the alternative).
        foreach (var row in rows.OrderBy(r => int.TryParse(r.Section, out var n) ? n : int.MaxValue))
        {
            text.AppendLine($"| {row.Section} | {Cell(row.Measure)} | {Cell(row.Value)} | {Cell(row.Baseline)} | "
                + $"{Figures.Ratio(row.Ratio)} | {Cell(row.Target)} | {row.Verdict} | {Cell(row.Note)} |");
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
