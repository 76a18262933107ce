using System.CommandLine;
using PasswordSync.Cli.Commands.Jobs;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;

namespace PasswordSync.Cli.Commands.Sync;

/// <summary>
/// <c>pwsync bulk-rotate &lt;list&gt; [--dry-run] [--no-verify] [--watch]</c>: starts a persistent bulk rotation job.
/// With --watch it follows the job to its end and exits 1 when any record failed.
/// </summary>
public static class BulkRotateCommand
{
    private static readonly Argument<string> ListId = new("list") { Description = "The list whose sync-enabled records rotate." };
    private static readonly Option<string[]> RecordIds = new("--record")
    {
        Description = "Only these records (repeatable; default: every sync-enabled record of the list).",
    };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Only report what would be rotated." };
    private static readonly Option<bool> NoVerify = new("--no-verify")
    {
        Description = "Commit each password on the directory's word alone, without a verifying bind.",
    };
    private static readonly Option<int> Concurrency = new("--concurrency")
    {
        Description = "Rotations at a time per target (0 = the gateway's default).",
    };
    private static readonly Option<bool> Watch = new("--watch")
    {
        Description = "Follow the job to its end (progress bar on a terminal, progress lines on stderr otherwise).",
    };

    public static Command Build() => new Command("bulk-rotate",
            "Rotates every sync-enabled record of a list (or --record ones) as a resumable job.")
        .Having(ListId, RecordIds, DryRun, NoVerify, Concurrency, Watch, SaveAndSyncCommand.RequestId).With(RunAsync);

    private static async Task<int> RunAsync(CliContext cli)
    {
        var request = new BulkRotateRequest
        {
            ListId = cli.Value(ListId),
            DryRun = cli.Value(DryRun),
            VerifyAfterSet = !cli.Value(NoVerify),
            Concurrency = cli.Value(Concurrency),
            RequestId = cli.Value(SaveAndSyncCommand.RequestId) ?? "",
        };
        request.RecordIds.AddRange(cli.Value(RecordIds));
        var job = await cli.Sync.BulkRotateAsync(request, cli.Call);
        if (!cli.Value(Watch))
        {
            cli.Out.Result(job, () => JobView.Describe(job));
            Printer.Note($"Started job {job.Id}; follow it with 'pwsync jobs watch {job.Id}'.");
            return ExitCodes.Ok;
        }

        if (cli.Out.Json)
        {
            Printer.JsonLine(job);
        }
        else
        {
            Printer.Note($"Started job {job.Id}.");
        }

        var last = await JobWatcher.WatchAsync(cli, job);
        if (!JobView.IsFinished(last))
        {
            // The stream ended before the job did (e.g. the gateway restarted): the job goes on; say how to follow it.
            last = await cli.Sync.GetJobAsync(new GetJobRequest { JobId = job.Id }, cli.Call);
        }

        if (!JobView.IsFinished(last))
        {
            return JobView.StreamEndedEarly(last);
        }

        return cli.Out.Json ? JobView.NoteOutcome(last) : JobView.PrintFinal(cli, last);
    }
}
