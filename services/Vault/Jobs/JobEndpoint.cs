using System.Text.RegularExpressions;
using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;
using ModelJob = PasswordSync.Vault.Model.BulkJob;
using ModelJobItem = PasswordSync.Vault.Model.JobItem;
using ModelJobItemStatus = PasswordSync.Vault.Model.JobItemStatus;
using ModelJobState = PasswordSync.Vault.Model.JobState;

namespace PasswordSync.Vault.Jobs;

/// <summary>
/// Persistent job state for the gateway's job runner. The store guards ownership (lease) and counting (an item is
/// final once); this layer validates and names what is wrong.
/// </summary>
internal sealed partial class JobEndpoint(IVaultStore store, TimeProvider clock, ILogger<JobEndpoint> logger)
    : V1.JobService.JobServiceBase
{
    public const string BulkRotationKind = "bulk_rotation";
    public const int MaxItems = 10_000;
    private static readonly TimeSpan MinLease = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxLease = TimeSpan.FromHours(1);

    public override async Task<Job> CreateJob(CreateJobRequest request, ServerCallContext context)
    {
        var rules = new InputRules()
            .RequestId("request_id", request.RequestId)
            .Id("list_id", request.ListId);
        var kind = request.Kind.Length == 0 ? BulkRotationKind : request.Kind;
        if (!KindPattern().IsMatch(kind))
        {
            rules.Add("kind", "must be 1..64 lower-case letters, digits or '_' (e.g. bulk_rotation).");
        }

        CheckRecordIds(rules, request.RecordIds);
        var options = request.Options ?? new JobOptions();
        if (options.Concurrency is < 0 or > JobOptionsJson.MaxConcurrency)
        {
            rules.Add("options.concurrency", $"must be 1..{JobOptionsJson.MaxConcurrency} (0 means {JobOptionsJson.DefaultConcurrency}).");
        }

        rules.ThrowIfAny();
        var caller = context.GetCaller();
        _ = await store.Lists.GetAsync(request.ListId, context.CancellationToken)
            ?? throw RpcErrors.NotFound("List", request.ListId);
        await CheckRecordsBelongAsync(request.ListId, request.RecordIds, context.CancellationToken);
        var now = clock.GetUtcNow();
        var job = new ModelJob
        {
            Id = Guid.NewGuid().ToString("N"),
            Kind = kind,
            ListId = request.ListId,
            OptionsJson = JobOptionsJson.Write(options),
            State = ModelJobState.Queued,
            CreatedBy = caller.Actor,
            TotalItems = request.RecordIds.Count,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var created = await store.Jobs.CreateAsync(request.RequestId, job, [.. request.RecordIds],
            new AuditDraft
            {
                Action = AuditAction.JobCreated,
                Actor = caller.Actor,
                ListId = request.ListId,
                Detail = $"job {job.Id} ({kind}), {request.RecordIds.Count} records",
            }, context.CancellationToken);
        JobLog.Created(logger, created.Id, created.TotalItems, caller.Actor);
        return created.ToProto();
    }

    public override async Task<Job> GetJob(GetJobRequest request, ServerCallContext context)
    {
        new InputRules().Id("job_id", request.JobId).ThrowIfAny();
        return (await GetExistingAsync(request.JobId, context.CancellationToken)).ToProto();
    }

    public override async Task<ListJobsResponse> ListJobs(ListJobsRequest request, ServerCallContext context)
    {
        new InputRules().Id("list_id", request.ListId, required: false).ThrowIfAny();
        var page = await store.Jobs.ListAsync(request.ListId.Length == 0 ? null : request.ListId,
            Page(request.PageSize, request.PageToken), context.CancellationToken);
        var response = new ListJobsResponse { NextPageToken = page.NextPageToken };
        response.Jobs.AddRange(page.Items.Select(j => j.ToProto()));
        return response;
    }

    public override async Task<ListJobItemsResponse> ListJobItems(ListJobItemsRequest request,
        ServerCallContext context)
    {
        var rules = new InputRules().Id("job_id", request.JobId);
        if (request.HasStatus && !Enum.IsDefined(request.Status))
        {
            rules.Add("status", "is not a known item status.");
        }

        rules.ThrowIfAny();
        await GetExistingAsync(request.JobId, context.CancellationToken);
        var page = await store.Jobs.ListItemsAsync(request.JobId,
            request.HasStatus ? (ModelJobItemStatus)(int)request.Status : null,
            Page(request.PageSize, request.PageToken), context.CancellationToken);
        var response = new ListJobItemsResponse { NextPageToken = page.NextPageToken };
        response.Items.AddRange(page.Items.Select(i => i.ToProto()));
        return response;
    }

    public override async Task<ClaimJobResponse> ClaimJob(ClaimJobRequest request, ServerCallContext context)
    {
        new InputRules()
            .Id("job_id", request.JobId)
            .Text("owner", request.Owner, 128, required: true)
            .Duration("lease", request.Lease, MinLease, MaxLease, out var lease)
            .ThrowIfAny();
        var existing = await GetExistingAsync(request.JobId, context.CancellationToken);
        var now = clock.GetUtcNow();
        var claimed = await store.Jobs.ClaimAsync(existing.Id, request.Owner, now, now + lease,
            context.CancellationToken);
        JobLog.Claimed(logger, existing.Id, request.Owner, claimed is not null);
        return new ClaimJobResponse
        {
            Claimed = claimed is not null,
            Job = (claimed ?? await GetExistingAsync(existing.Id, context.CancellationToken)).ToProto(),
        };
    }

    public override async Task<ListClaimableJobsResponse> ListClaimableJobs(ListClaimableJobsRequest request,
        ServerCallContext context)
    {
        if (request.Max is < 0 or > 100)
        {
            throw RpcErrors.InvalidArgument("max", "must be 1..100 (0 means 10).");
        }

        var jobs = await store.Jobs.ListClaimableAsync(clock.GetUtcNow(), request.Max == 0 ? 10 : request.Max,
            context.CancellationToken);
        var response = new ListClaimableJobsResponse();
        response.Jobs.AddRange(jobs.Select(j => j.ToProto()));
        return response;
    }

    public override async Task<SetJobItemRotationResponse> SetJobItemRotation(SetJobItemRotationRequest request,
        ServerCallContext context)
    {
        new InputRules()
            .Id("job_id", request.JobId)
            .Id("record_id", request.RecordId)
            .Text("owner", request.Owner, 128, required: true)
            .Id("rotation_id", request.RotationId)
            .ThrowIfAny();
        await GetExistingAsync(request.JobId, context.CancellationToken);
        await store.Jobs.SetItemRotationAsync(request.JobId, request.RecordId, request.Owner, request.RotationId,
            context.CancellationToken);
        return new SetJobItemRotationResponse();
    }

    public override async Task<Job> RecordJobItem(RecordJobItemRequest request, ServerCallContext context)
    {
        var rules = new InputRules()
            .Id("job_id", request.JobId)
            .Id("record_id", request.RecordId)
            .Text("owner", request.Owner, 128, required: true)
            .Id("rotation_id", request.RotationId, required: false)
            .Text("detail", request.Detail, 1000);
        if (request.Status == V1.JobItemStatus.Pending || !Enum.IsDefined(request.Status))
        {
            rules.Add("status", "must be a final outcome: SUCCEEDED, FAILED or SKIPPED.");
        }

        if (request.Reason.Length > 0 && !ReasonPattern().IsMatch(request.Reason))
        {
            rules.Add("reason", "must be a reason code such as PASSWORD_POLICY (upper-case letters, digits, '_').");
        }

        rules.ThrowIfAny();
        await GetExistingAsync(request.JobId, context.CancellationToken);
        var job = await store.Jobs.RecordItemAsync(request.JobId, request.Owner, new ModelJobItem
        {
            JobId = request.JobId,
            RecordId = request.RecordId,
            Status = (ModelJobItemStatus)(int)request.Status,
            Reason = request.Reason,
            Detail = request.Detail,
            RotationId = request.RotationId,
            CompletedAt = clock.GetUtcNow(),
        }, context.CancellationToken);
        return job.ToProto();
    }

    public override async Task<Job> FinishJob(FinishJobRequest request, ServerCallContext context)
    {
        var rules = new InputRules()
            .Id("job_id", request.JobId)
            .Text("owner", request.Owner, 128, required: true);
        if (request.FinalState is not (V1.JobState.Completed or V1.JobState.Cancelled or V1.JobState.Failed))
        {
            rules.Add("final_state", "must be COMPLETED, CANCELLED or FAILED.");
        }

        rules.ThrowIfAny();
        var caller = context.GetCaller();
        var existing = await GetExistingAsync(request.JobId, context.CancellationToken);
        var finished = await store.Jobs.FinishAsync(existing.Id, request.Owner, (ModelJobState)(int)request.FinalState,
            clock.GetUtcNow(), new AuditDraft
            {
                Action = AuditAction.JobFinished,
                Actor = caller.Actor,
                ListId = existing.ListId,
                Detail = $"job {existing.Id}: {request.FinalState}",
            }, context.CancellationToken);
        JobLog.Finished(logger, existing.Id, finished.State.ToString());
        return finished.ToProto();
    }

    public override async Task<Job> RequestCancel(RequestCancelRequest request, ServerCallContext context)
    {
        new InputRules().Id("job_id", request.JobId).ThrowIfAny();
        var caller = context.GetCaller();
        var existing = await GetExistingAsync(request.JobId, context.CancellationToken);
        var job = await store.Jobs.RequestCancelAsync(existing.Id, new AuditDraft
        {
            Action = AuditAction.JobCancelRequested,
            Actor = caller.Actor,
            ListId = existing.ListId,
            Detail = $"job {existing.Id}",
        }, context.CancellationToken);
        return job.ToProto();
    }

    private static void CheckRecordIds(InputRules rules, Google.Protobuf.Collections.RepeatedField<string> recordIds)
    {
        if (recordIds.Count is 0 or > MaxItems)
        {
            rules.Add("record_ids", $"needs 1..{MaxItems} record ids.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < recordIds.Count; i++)
        {
            rules.Id($"record_ids[{i}]", recordIds[i]);
            if (!seen.Add(recordIds[i]))
            {
                rules.Add($"record_ids[{i}]", "repeats an earlier record id.");
            }
        }
    }

    /// <summary>Every record must exist, be live and belong to the job's list; all offenders are named at once.</summary>
    private async Task CheckRecordsBelongAsync(string listId, Google.Protobuf.Collections.RepeatedField<string> recordIds,
        CancellationToken cancellationToken)
    {
        var rules = new InputRules();
        for (var i = 0; i < recordIds.Count; i++)
        {
            var record = await store.Records.GetAsync(recordIds[i], cancellationToken);
            if (record is not { DeletedAt: null } || record.ListId != listId)
            {
                rules.Add($"record_ids[{i}]", $"is not a record of list '{listId}'.");
            }
        }

        rules.ThrowIfAny();
    }

    private async Task<ModelJob> GetExistingAsync(string id, CancellationToken cancellationToken) =>
        await store.Jobs.GetAsync(id, cancellationToken) ?? throw RpcErrors.NotFound("Job", id);

    private static PageRequest Page(int size, string token) => new(size, token.Length == 0 ? null : token);

    [GeneratedRegex("^[a-z0-9_]{1,64}$")]
    private static partial Regex KindPattern();

    [GeneratedRegex("^[A-Z0-9_]{1,64}$")]
    private static partial Regex ReasonPattern();
}
