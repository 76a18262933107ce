using System.Diagnostics;
using Grpc.Core;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;
using Spectre.Console;

namespace PasswordSync.Cli.Commands.Jobs;

/// <summary>
/// Follows a job's progress stream to its end: a live progress bar when stdout is a terminal, plain progress lines on
/// stderr otherwise (at most one a second), and with --json every update as a JSON line on stdout.
/// </summary>
public static class JobWatcher
{
    private static readonly TimeSpan PlainLineInterval = TimeSpan.FromSeconds(1);

    public static async Task<Job> WatchAsync(CliContext cli, Job started)
    {
        if (JobView.IsFinished(started))
        {
            return started;
        }

        if (!cli.Out.Json && !Console.IsOutputRedirected)
        {
            return await WithProgressBarAsync(cli, started);
        }

        var last = started;
        var sinceLine = Stopwatch.StartNew();
        string? lastLine = null;
        await foreach (var job in Updates(cli, started.Id))
        {
            last = job;
            if (cli.Out.Json)
            {
                Printer.JsonLine(job);
            }

            var line = JobView.Line(job);
            if (line != lastLine && (sinceLine.Elapsed >= PlainLineInterval || JobView.IsFinished(job)))
            {
                Printer.Note(line);
                lastLine = line;
                sinceLine.Restart();
            }
        }

        return last;
    }

    private static async Task<Job> WithProgressBarAsync(CliContext cli, Job started)
    {
        var last = started;
        await cli.Out.Screen.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Describe(started), maxValue: Math.Max(1, started.Total));
                await foreach (var job in Updates(cli, started.Id))
                {
                    last = job;
                    task.MaxValue = Math.Max(1, job.Total);
                    task.Value = job.Total - job.Remaining;
                    task.Description = Describe(job);
                }

                task.StopTask();
            });
        return last;
    }

    private static string Describe(Job job) => Markup.Escape(
        $"{Show.Name(job.State)}: {job.Succeeded} ok, {job.Failed} failed, {job.Skipped} skipped");

    private static IAsyncEnumerable<Job> Updates(CliContext cli, string jobId)
    {
        var call = cli.Sync.WatchJob(new WatchJobRequest { JobId = jobId }, cli.Stream);
        return Read(call, cli.Cancellation);
    }

    private static async IAsyncEnumerable<Job> Read(AsyncServerStreamingCall<Job> call,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        using (call)
        {
            await foreach (var job in call.ResponseStream.ReadAllAsync(cancellation))
            {
                yield return job;
            }
        }
    }
}
