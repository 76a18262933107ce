using Grpc.Core;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>Following a bulk job to its end, with a deadline.</summary>
public static class JobProgress
{
    public static bool IsFinished(Job job) =>
        job.State is JobState.Completed or JobState.Failed or JobState.Cancelled;

    /// <summary>Reads the job's progress stream (WatchJob) until the job finishes; returns every update seen.</summary>
    public static async Task<IReadOnlyList<Job>> WatchAsync(V1.Sync.SyncClient sync, string jobId, TimeSpan timeout,
        Func<string> diagnostics)
    {
        var updates = new List<Job>();
        try
        {
            using var call = sync.WatchJob(new WatchJobRequest { JobId = jobId }, deadline: DateTime.UtcNow + timeout,
                cancellationToken: TestContext.Current.CancellationToken);
            await foreach (var update in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
            {
                updates.Add(update);
                if (IsFinished(update))
                {
                    break;
                }
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            Assert.Fail($"Job {jobId} did not finish within {timeout}. Last update: {updates.LastOrDefault()}\n{diagnostics()}");
        }

        Assert.True(updates.Count > 0 && IsFinished(updates[^1]),
            $"The watch of job {jobId} ended before the job finished. Last update: {updates.LastOrDefault()}\n{diagnostics()}");
        return updates;
    }

    /// <summary>Polls GetJob (survives gateway restarts) until the job finishes.</summary>
    public static Task<Job> PollAsync(Func<V1.Sync.SyncClient> sync, string jobId, TimeSpan timeout,
        Func<string> diagnostics) =>
        Eventually.UntilAsync($"job {jobId} to finish",
            async () => await sync().GetJobAsync(new GetJobRequest { JobId = jobId },
                deadline: DateTime.UtcNow.AddSeconds(20), cancellationToken: TestContext.Current.CancellationToken),
            IsFinished, timeout, job => job?.ToString() ?? "nothing", diagnostics, TimeSpan.FromSeconds(1));
}
