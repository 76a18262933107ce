using System.Globalization;
using System.Text;

namespace PasswordSync.Benchmarks.Reporting;

/// <summary>docs/benchmarks.md: how to run, the machine, the options of this run, and the table.</summary>
internal static class MarkdownReport
{
    private const string ResultsMarker = "<!-- results: written by bench/run.sh, everything below is replaced -->";

    /// <summary>Replaces the results part of the doc (everything after the marker), keeping the hand-written part.</summary>
    public static void Write(string path, BenchOptions options, IReadOnlyList<(string Name, string Value)> machine,
        ResultTable table, TimeSpan duration)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n";
        var marker = existing.IndexOf(ResultsMarker, StringComparison.Ordinal);
        var text = new StringBuilder(marker >= 0 ? existing[..marker] : existing + "\n");
        text.AppendLine(ResultsMarker).AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Results of the last run ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {duration.TotalMinutes:0.0} min)");
        text.AppendLine();
        foreach (var (name, value) in machine)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- **{name}**: {value.ReplaceLineEndings(" ")}");
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"- **Run**: {(options.Quick ? "--quick, " : "")}{options.Accounts} AD accounts, {options.Connections} connections against AD, "
            + $"{options.SlapdConnections} against slapd, memory {options.MemorySmall} vs {options.MemoryLarge} records, "
            + $"{options.RevealRequests} reveals by {options.RevealCallers} callers, {options.StoreOperations} store operations");
        var shared = options.ServersFile?.StartsWith("/tmp/pwsync-dev/", StringComparison.Ordinal) == true
            ? " (the shared dev servers, under other engineers' test load during the run)"
            : "";
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Servers**: {options.ServersFile}{shared}");
        text.AppendLine();
        text.Append(table.ToMarkdown());
        File.WriteAllText(path, text.ToString());
    }
}
