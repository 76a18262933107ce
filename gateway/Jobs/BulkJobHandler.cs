using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Auth;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using PublicJob = PasswordSync.V1.Job;
using VaultGetJobRequest = PasswordSync.Vault.V1.GetJobRequest;
using VaultJob = PasswordSync.Vault.V1.Job;

namespace PasswordSync.Gateway.Jobs;

/// <summary>
/// Bulk rotation jobs: start (sync permission on the list), get and watch (read), cancel (sync). The job lives in the
/// vault; <see cref="JobRunner"/> on some gateway instance runs it.
/// </summary>
internal sealed class BulkJobHandler(
    JobService.JobServiceClient jobs,
    PasswordLists.PasswordListsClient lists,
    BulkJobPlanner planner,
    JobViews views,
    JobProgressBoard board,
    JobRunner runner,
    IOptionsMonitor<JobRunnerOptions> options,
    TimeProvider clock,
    ILogger<BulkJobHandler> logger)
{
    public async Task<PublicJob> StartAsync(BulkRotateRequest request, ServerCallContext context)
    {
        var settings = options.CurrentValue;
        Validate(request);
        context.Require(Access.Sync, request.ListId);
        var cancellationToken = context.CancellationToken;
        var list = await lists.GetListAsync(new Vault.V1.GetListRequest { Id = request.ListId },
            cancellationToken: cancellationToken);
        var recordIds = request.RecordIds.Count > 0
            ? [.. request.RecordIds]
            : await planner.SyncEnabledRecordIdsAsync(list, settings.PageSize, cancellationToken);

        var create = new CreateJobRequest
        {
            // Without a request id every call is a new job; with one, a retry returns the job the first call made.
            RequestId = request.RequestId.Length > 0 ? request.RequestId : Guid.NewGuid().ToString("N"),
            ListId = list.Id,
            Options = new JobOptions
            {
                DryRun = request.DryRun,
                // Unset means verify, as for save and sync: a rotation is committed only once proven.
                VerifyAfterSet = !request.HasVerifyAfterSet || request.VerifyAfterSet,
                Concurrency = request.Concurrency == 0
                    ? settings.DefaultConcurrencyPerTarget
                    : Math.Min(request.Concurrency, settings.MaxConcurrencyPerTarget),
            },
        };
        create.RecordIds.AddRange(recordIds);
        var job = await jobs.CreateJobAsync(create, cancellationToken: cancellationToken);
        if (job.ListId != list.Id)
        {
            throw RpcErrors.Create(StatusCode.AlreadyExists, Reason.AlreadyExists,
                $"request_id '{request.RequestId}' already started job '{job.Id}' on another list; use a new request_id.");
        }

        JobsLog.Created(logger, job.Id, job.ListId, job.TotalItems, job.Options?.DryRun ?? false);
        runner.Wake();
        return await views.BuildAsync(job, cancellationToken);
    }

    public async Task<PublicJob> GetAsync(V1.GetJobRequest request, ServerCallContext context)
    {
        var job = await ReadAuthorisedAsync(request.JobId, Access.Read, context);
        return await views.BuildAsync(job, context.CancellationToken);
    }

    public async Task<PublicJob> CancelAsync(V1.CancelJobRequest request, ServerCallContext context)
    {
        var job = await ReadAuthorisedAsync(request.JobId, Access.Sync, context);
        var cancelled = await jobs.RequestCancelAsync(new RequestCancelRequest { JobId = job.Id },
            cancellationToken: context.CancellationToken);
        runner.CancelRequested(job.Id);
        return await views.BuildAsync(cancelled, context.CancellationToken);
    }

    /// <summary>Sends the job at once, then whenever it changes, until it finishes or the caller leaves.</summary>
    public async Task WatchAsync(V1.WatchJobRequest request, IServerStreamWriter<PublicJob> stream,
        ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var job = await ReadAuthorisedAsync(request.JobId, Access.Read, context);
        long? sentVersion = null;
        var sentRecent = -1;
        while (true)
        {
            var progress = board.Find(job.Id);
            var changed = progress?.NextChange();
            var view = await views.BuildAsync(job, cancellationToken);
            if (sentVersion != job.Version || sentRecent != view.RecentItems.Count)
            {
                await stream.WriteAsync(view, cancellationToken);
                sentVersion = job.Version;
                sentRecent = view.RecentItems.Count;
            }

            if (JobViews.IsFinished(job))
            {
                return;
            }

            var tick = Task.Delay(options.CurrentValue.WatchInterval, clock, cancellationToken);
            await (changed is null ? tick : Task.WhenAny(changed, tick));
            cancellationToken.ThrowIfCancellationRequested();
            job = await jobs.GetJobAsync(new VaultGetJobRequest { JobId = job.Id },
                cancellationToken: cancellationToken);
        }
    }

    /// <summary>The job's items a page at a time (read permission on its list), optionally of one status.</summary>
    public async Task<V1.ListJobItemsResponse> ListItemsAsync(V1.ListJobItemsRequest request,
        ServerCallContext context)
    {
        var status = JobItemsRequest.Validate(request);
        var job = await ReadAuthorisedAsync(request.JobId, Access.Read, context);
        var vaultRequest = new Vault.V1.ListJobItemsRequest
        {
            JobId = job.Id,
            PageSize = request.PageSize,
            PageToken = request.PageToken,
        };
        if (status is { } only)
        {
            vaultRequest.Status = only;
        }

        var page = await jobs.ListJobItemsAsync(vaultRequest, cancellationToken: context.CancellationToken);
        var response = new V1.ListJobItemsResponse { NextPageToken = page.NextPageToken };
        response.Items.AddRange(page.Items.Select(JobViews.ItemResult));
        return response;
    }

    private async Task<VaultJob> ReadAuthorisedAsync(string jobId, Access access, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(jobId))
        {
            throw RpcErrors.InvalidArgument("job_id", "is required.");
        }

        // The permission first (no vault call for a key that may not see jobs at all), then the job's list.
        context.Require(access);
        var job = await jobs.GetJobAsync(new VaultGetJobRequest { JobId = jobId },
            cancellationToken: context.CancellationToken);
        context.Require(access, job.ListId);
        return job;
    }

    private static void Validate(BulkRotateRequest request)
    {
        var problems = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(request.ListId))
        {
            problems.Add(new FieldViolation("list_id", "is required."));
        }

        if (request.Concurrency < 0)
        {
            problems.Add(new FieldViolation("concurrency", "must be 0 (the configured default) or a positive number."));
        }

        if (request.RecordIds.Count > BulkJobPlanner.MaxItems)
        {
            problems.Add(new FieldViolation("record_ids", $"takes at most {BulkJobPlanner.MaxItems} record ids per job."));
        }

        if (request.RequestId.Length > 128)
        {
            problems.Add(new FieldViolation("request_id", "must be at most 128 characters."));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }
    }
}
