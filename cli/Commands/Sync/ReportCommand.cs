using System.CommandLine;
using Grpc.Core;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;
using Spectre.Console;

namespace PasswordSync.Cli.Commands.Sync;

/// <summary>
/// <c>pwsync report &lt;list&gt;</c>: whether the vault and the directory agree, record by record. With --json each
/// result is printed as it arrives; the table comes at the end. Exit 1 when any sync-enabled record is not in sync.
/// </summary>
public static class ReportCommand
{
    private static readonly Argument<string> ListId = new("list") { Description = "The list's id." };
    private static readonly Option<int> Concurrency = new("--concurrency")
    {
        Description = "Checks at a time per target (0 = the gateway's default).",
    };

    public static Command Build() => new Command("report", "The list's sync report: vault against directory, per record.")
        .Having(ListId, Concurrency).With(RunAsync);

    private static async Task<int> RunAsync(CliContext cli)
    {
        using var call = cli.Sync.SyncReport(
            new SyncReportRequest { ListId = cli.Value(ListId), Concurrency = cli.Value(Concurrency) }, cli.Stream);
        var results = new List<CheckResult>();
        SyncReportSummary? summary = null;
        await foreach (var reportEvent in call.ResponseStream.ReadAllAsync(cli.Cancellation))
        {
            if (cli.Out.Json)
            {
                Printer.JsonLine(reportEvent);
            }

            if (reportEvent.Result is { } result)
            {
                results.Add(result);
            }
            else if (reportEvent.Summary is { } last)
            {
                summary = last;
            }
        }

        if (!cli.Out.Json)
        {
            cli.Out.Screen.Write(Tables.Of(CheckView.Columns, results.Select(CheckView.Row)));
            if (summary is not null)
            {
                cli.Out.Screen.Write(new Text(Summary(summary) + "\n"));
            }
        }

        var problems = results.Count(CheckView.IsProblem);
        if (problems > 0)
        {
            Printer.Note($"pwsync: {problems} of {results.Count} records are not proven in sync.");
        }

        return problems > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static string Summary(SyncReportSummary summary) =>
        $"{summary.Total} records in {summary.Duration?.ToTimeSpan().TotalSeconds ?? 0:0.0} s: "
        + string.Join(", ", summary.CountsByStatus.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => $"{pair.Value} {StatusName(pair.Key)}"));

    /// <summary>"CHECK_STATUS_IN_SYNC" (the summary's proto name) as the table shows it: "in-sync".</summary>
    public static string StatusName(string protoName) =>
        (protoName.StartsWith(StatusPrefix, StringComparison.Ordinal) ? protoName[StatusPrefix.Length..] : protoName)
        .ToLowerInvariant().Replace('_', '-');

    private const string StatusPrefix = "CHECK_STATUS_";
}
