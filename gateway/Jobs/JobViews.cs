using Google.Protobuf.WellKnownTypes;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using ListJobItemsRequest = PasswordSync.Vault.V1.ListJobItemsRequest;
using PublicJob = PasswordSync.V1.Job;
using PublicJobState = PasswordSync.V1.JobState;
using VaultJob = PasswordSync.Vault.V1.Job;
using VaultJobItemStatus = PasswordSync.Vault.V1.JobItemStatus;
using VaultJobState = PasswordSync.Vault.V1.JobState;

namespace PasswordSync.Gateway.Jobs;

/// <summary>
/// The public view of a job: the vault's counters, plus recent outcomes and rate from this instance's run when it runs
/// the job, or read from the vault (outcomes that need attention first) when it does not.
/// </summary>
internal sealed class JobViews(JobService.JobServiceClient jobs, JobProgressBoard board, TimeProvider clock,
    Microsoft.Extensions.Options.IOptionsMonitor<JobRunnerOptions> options)
{
    public async Task<PublicJob> BuildAsync(VaultJob job, CancellationToken cancellationToken)
    {
        var view = Map(job);
        var progress = board.Find(job.Id);
        if (progress is not null)
        {
            view.RecentItems.AddRange(progress.Recent());
            view.RatePerSecond = progress.RatePerSecond;
            return view;
        }

        view.RecentItems.AddRange(await NeedingAttentionFirstAsync(job.Id, options.CurrentValue.RecentItems,
            cancellationToken));
        var end = job.FinishedAt?.ToDateTimeOffset() ?? clock.GetUtcNow();
        var seconds = (end - job.CreatedAt.ToDateTimeOffset()).TotalSeconds;
        var done = job.SucceededItems + job.FailedItems + job.SkippedItems;
        view.RatePerSecond = seconds > 0 ? done / seconds : 0;
        return view;
    }

    public static PublicJob Map(VaultJob job) => new()
    {
        Id = job.Id,
        ListId = job.ListId,
        State = job.State switch
        {
            VaultJobState.Queued => PublicJobState.Queued,
            VaultJobState.Running => PublicJobState.Running,
            VaultJobState.Completed => PublicJobState.Completed,
            VaultJobState.Cancelled => PublicJobState.Cancelled,
            VaultJobState.Failed => PublicJobState.Failed,
            _ => PublicJobState.Unspecified,
        },
        DryRun = job.Options?.DryRun ?? false,
        Total = job.TotalItems,
        Succeeded = job.SucceededItems,
        Failed = job.FailedItems,
        Skipped = job.SkippedItems,
        Remaining = Math.Max(0, job.TotalItems - job.SucceededItems - job.FailedItems - job.SkippedItems),
        CreateTime = job.CreatedAt,
        FinishTime = job.FinishedAt,
        CancelRequested = job.CancelRequested,
    };

    public static bool IsFinished(VaultJob job) =>
        job.State is VaultJobState.Completed or VaultJobState.Cancelled or VaultJobState.Failed;

    public static JobItemResult ItemResult(JobItem item) => new()
    {
        RecordId = item.RecordId,
        Status = JobItemStatusNames.Of(item.Status),
        ReasonCode = item.Reason,
        Message = item.Detail,
    };

    private async Task<List<JobItemResult>> NeedingAttentionFirstAsync(string jobId, int max,
        CancellationToken cancellationToken)
    {
        var found = new List<JobItemResult>();
        foreach (var status in new[] { VaultJobItemStatus.Failed, VaultJobItemStatus.Skipped, VaultJobItemStatus.Succeeded })
        {
            if (found.Count >= max)
            {
                break;
            }

            var page = await jobs.ListJobItemsAsync(new ListJobItemsRequest
            {
                JobId = jobId,
                Status = status,
                PageSize = max - found.Count,
            }, cancellationToken: cancellationToken);
            found.AddRange(page.Items.Select(ItemResult));
        }

        return found;
    }
}
