using System.Globalization;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PasswordSync.Cli.Commands.Jobs;

/// <summary>How a bulk job reads, and its exit code: 0 only when it completed with no failed record.</summary>
public static class JobView
{
    public static bool IsFinished(Job job) =>
        job.State is JobState.Completed or JobState.Cancelled or JobState.Failed;

    public static int ExitCode(Job job) =>
        IsFinished(job) && (job.State != JobState.Completed || job.Failed > 0) ? ExitCodes.Failed : ExitCodes.Ok;

    public static string Line(Job job) => string.Create(CultureInfo.InvariantCulture,
        $"job {job.Id}: {Show.Name(job.State)}{(job.DryRun ? " (dry run)" : "")}, {job.Total - job.Remaining}/{job.Total} done: "
        + $"{job.Succeeded} succeeded, {job.Failed} failed, {job.Skipped} skipped, {job.Remaining} remaining "
        + $"({Show.Number(job.RatePerSecond)}/s){(job.CancelRequested && !IsFinished(job) ? ", cancel requested" : "")}");

    public static IRenderable Describe(Job job)
    {
        var parts = new List<IRenderable>
        {
            Tables.Fields(
                ("job", job.Id),
                ("list", job.ListId),
                ("state", Show.Name(job.State) + (job.CancelRequested ? " (cancel requested)" : "")),
                ("dry run", Show.YesNo(job.DryRun)),
                ("total", Count(job.Total)),
                ("succeeded", Count(job.Succeeded)),
                ("failed", Count(job.Failed)),
                ("skipped", Count(job.Skipped)),
                ("remaining", Count(job.Remaining)),
                ("rate", $"{Show.Number(job.RatePerSecond)}/s"),
                ("created", Show.Time(job.CreateTime)),
                ("finished", Show.Time(job.FinishTime))),
        };
        if (job.RecentItems.Count > 0)
        {
            parts.Add(new Text(job.Failed > 0 ? "Items (failed first when known):" : "Latest items:"));
            parts.Add(Tables.Of(ItemColumns, job.RecentItems.Select(ItemRow)));
        }

        return new Rows(parts);
    }

    public static readonly string[] ItemColumns = ["record", "status", "reason", "message"];

    public static string?[] ItemRow(JobItemResult item) => [item.RecordId, item.Status, item.ReasonCode, item.Message];

    /// <summary>Prints the finished (or current) job and says, on stderr, what needs attention.</summary>
    public static int PrintFinal(CliContext cli, Job job)
    {
        cli.Out.Result(job, () => Describe(job));
        return NoteOutcome(job);
    }

    /// <summary>Says on stderr what needs attention (also with --json, where stdout already has the job).</summary>
    public static int NoteOutcome(Job job)
    {
        if (job.Failed > 0)
        {
            Printer.Note($"pwsync: {job.Failed} of {job.Total} records failed; every one with its reason: "
                + $"'pwsync jobs items {job.Id} --status failed'.");
        }
        else if (IsFinished(job) && job.State != JobState.Completed)
        {
            Printer.Note($"pwsync: the job ended {Show.Name(job.State)}.");
        }

        return ExitCode(job);
    }

    /// <summary>The progress stream closed while the job still runs (e.g. the gateway restarted): it goes on.</summary>
    public static int StreamEndedEarly(Job job)
    {
        Printer.Note($"pwsync: the progress stream ended while job {job.Id} is still {Show.Name(job.State)}; it goes on. "
            + $"Follow it with 'pwsync jobs watch {job.Id}'.");
        return ExitCodes.Unavailable;
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
