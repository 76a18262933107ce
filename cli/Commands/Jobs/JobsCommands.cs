using System.CommandLine;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.V1;

namespace PasswordSync.Cli.Commands.Jobs;

/// <summary><c>pwsync jobs get|cancel|watch|items &lt;job&gt;</c>.</summary>
public static class JobsCommands
{
    private static readonly Argument<string> JobId = new("job") { Description = "The job's id." };
    private static readonly Option<string?> Status = new("--status")
    {
        Description = "Only items with this status: pending, succeeded, failed or skipped.",
    };

    public static Command Build() => new Command("jobs", "Bulk jobs.").Having(
        new Command("get", "A job's state and its items that need attention. Exit 1 when it ended with failures.")
            .Having(JobId).With(GetAsync),
        new Command("cancel", "Asks the job to stop: it starts no new item and finishes those in flight.")
            .Having(JobId).With(CancelAsync),
        new Command("watch", "Follows the job to its end with a progress bar. Exit 1 when any record failed.")
            .Having(JobId).With(WatchAsync),
        new Command("items", "Every record's outcome in the job (all pages), e.g. --status failed for what to fix.")
            .Having(JobId, Status).With(ItemsAsync));

    private static async Task<int> GetAsync(CliContext cli)
    {
        var job = await cli.Sync.GetJobAsync(new GetJobRequest { JobId = cli.Value(JobId) }, cli.Call);
        return JobView.PrintFinal(cli, job);
    }

    private static async Task<int> CancelAsync(CliContext cli)
    {
        var job = await cli.Sync.CancelJobAsync(new CancelJobRequest { JobId = cli.Value(JobId) }, cli.Call);
        cli.Out.Result(job, () => JobView.Describe(job));
        return ExitCodes.Ok;
    }

    private static async Task<int> WatchAsync(CliContext cli)
    {
        var job = await cli.Sync.GetJobAsync(new GetJobRequest { JobId = cli.Value(JobId) }, cli.Call);
        var last = await JobWatcher.WatchAsync(cli, job);
        if (!JobView.IsFinished(last))
        {
            return JobView.StreamEndedEarly(last);
        }

        return cli.Out.Json ? JobView.NoteOutcome(last) : JobView.PrintFinal(cli, last);
    }

    private static async Task<int> ItemsAsync(CliContext cli)
    {
        var items = await Paging.AllAsync<JobItemResult>(async token =>
        {
            var page = await cli.Sync.ListJobItemsAsync(new ListJobItemsRequest
            {
                JobId = cli.Value(JobId),
                Status = cli.Value(Status) ?? "",
                PageSize = 1000,
                PageToken = token,
            }, cli.Call);
            return (page.Items, page.NextPageToken);
        });
        cli.Out.Rows(items, JobView.ItemColumns, JobView.ItemRow);
        return ExitCodes.Ok;
    }
}
