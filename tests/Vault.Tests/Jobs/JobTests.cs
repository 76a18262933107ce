using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Tests.Security;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.Jobs;

/// <summary>Persistent bulk-job state: idempotent creation, one owner at a time, every item counted once.</summary>
public sealed class JobTests : IAsyncLifetime
{
    private MtlsVaultHost _host = null!;
    private JobService.JobServiceClient _jobs = null!;

    public ValueTask InitializeAsync()
    {
        _host = MtlsVaultHost.Start();
        _jobs = new JobService.JobServiceClient(_host.AsGateway("operator"));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_is_idempotent_by_request_id_and_stores_typed_options()
    {
        var (listId, recordIds) = await SeedListAsync(3);
        var request = Create(listId, recordIds);
        var first = await _jobs.CreateJobAsync(request, cancellationToken: Ct);
        var again = await _jobs.CreateJobAsync(request, cancellationToken: Ct);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(3, first.TotalItems);
        Assert.Equal(JobState.Queued, first.State);
        Assert.Equal("operator", first.CreatedBy);
        Assert.True(first.Options.VerifyAfterSet);
        Assert.Equal(2, first.Options.Concurrency);
        Assert.Single((await _jobs.ListJobsAsync(new ListJobsRequest { ListId = listId }, cancellationToken: Ct)).Jobs);
        var items = await _jobs.ListJobItemsAsync(new ListJobItemsRequest { JobId = first.Id }, cancellationToken: Ct);
        Assert.Equal(recordIds.Order(), items.Items.Select(i => i.RecordId));
    }

    [Fact]
    public async Task One_owner_at_a_time_and_an_item_is_never_counted_twice()
    {
        var (listId, recordIds) = await SeedListAsync(2);
        var job = await _jobs.CreateJobAsync(Create(listId, recordIds), cancellationToken: Ct);

        var a = await _jobs.ClaimJobAsync(Claim(job.Id, "gateway-a"), cancellationToken: Ct);
        var b = await _jobs.ClaimJobAsync(Claim(job.Id, "gateway-b"), cancellationToken: Ct);
        Assert.True(a.Claimed);
        Assert.False(b.Claimed);
        Assert.Equal("gateway-a", b.Job.Owner);
        Assert.Empty((await _jobs.ListClaimableJobsAsync(new ListClaimableJobsRequest(), cancellationToken: Ct)).Jobs);

        await _jobs.SetJobItemRotationAsync(new SetJobItemRotationRequest
        {
            JobId = job.Id,
            RecordId = recordIds[0],
            Owner = "gateway-a",
            RotationId = "rot-1",
        }, cancellationToken: Ct);
        var outcome = new RecordJobItemRequest
        {
            JobId = job.Id,
            Owner = "gateway-a",
            RecordId = recordIds[0],
            Status = JobItemStatus.Succeeded,
            RotationId = "rot-1",
        };
        await _jobs.RecordJobItemAsync(outcome, cancellationToken: Ct);
        var twice = await _jobs.RecordJobItemAsync(outcome, cancellationToken: Ct);
        Assert.Equal(1, twice.SucceededItems);

        var stranger = await Assert.ThrowsAsync<RpcException>(() => _jobs.RecordJobItemAsync(new RecordJobItemRequest
        {
            JobId = job.Id,
            Owner = "gateway-b",
            RecordId = recordIds[1],
            Status = JobItemStatus.Failed,
            Reason = "PASSWORD_POLICY",
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, stranger.StatusCode);

        var cancelled = await _jobs.RequestCancelAsync(new RequestCancelRequest { JobId = job.Id }, cancellationToken: Ct);
        Assert.True(cancelled.CancelRequested);
        var finished = await _jobs.FinishJobAsync(new FinishJobRequest
        {
            JobId = job.Id,
            Owner = "gateway-a",
            FinalState = JobState.Cancelled,
        }, cancellationToken: Ct);
        Assert.Equal(JobState.Cancelled, finished.State);
        Assert.Equal(1, finished.SucceededItems);
        Assert.Equal(0, finished.FailedItems);
        var pending = await _jobs.ListJobItemsAsync(new ListJobItemsRequest { JobId = job.Id, Status = JobItemStatus.Pending },
            cancellationToken: Ct);
        Assert.Equal([recordIds[1]], pending.Items.Select(i => i.RecordId));
    }

    [Fact]
    public async Task Records_outside_the_list_and_bad_options_are_refused_and_no_job_is_created()
    {
        var (listId, recordIds) = await SeedListAsync(1);
        var (_, foreign) = await SeedListAsync(1);
        var request = Create(listId, [recordIds[0], foreign[0]]);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _jobs.CreateJobAsync(request, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(["record_ids[1]"], error.GetViolatedFields());

        request.Options.Concurrency = 99;
        request.RecordIds.Add(recordIds[0]);
        var invalid = await Assert.ThrowsAsync<RpcException>(() =>
            _jobs.CreateJobAsync(request, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(["record_ids[2]", "options.concurrency"], invalid.GetViolatedFields());
        Assert.Empty((await _jobs.ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct)).Jobs);
    }

    private async Task<(string ListId, List<string> RecordIds)> SeedListAsync(int count)
    {
        var first = await _host.SeedRecordAsync("Job-Pa55!");
        var ids = new List<string> { first.Id };
        for (var i = 1; i < count; i++)
        {
            var now = DateTimeOffset.UtcNow;
            var id = MtlsVaultHost.NewId();
            await _host.Store.Records.CreateAsync(first with
            {
                Id = id,
                DataKey = _host.Cipher.NewDataKey(id),
                SealedPassword = null,
                CreatedAt = now,
                UpdatedAt = now,
            }, new Model.AuditDraft { Action = Model.AuditAction.RecordCreated, Actor = "test" }, Ct);
            ids.Add(id);
        }

        return (first.ListId, ids);
    }

    private static CreateJobRequest Create(string listId, IEnumerable<string> recordIds) => new()
    {
        RequestId = MtlsVaultHost.NewId(),
        ListId = listId,
        RecordIds = { recordIds },
        Options = new JobOptions { VerifyAfterSet = true, Concurrency = 2 },
    };

    private static ClaimJobRequest Claim(string jobId, string owner) => new()
    {
        JobId = jobId,
        Owner = owner,
        Lease = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)),
    };
}
