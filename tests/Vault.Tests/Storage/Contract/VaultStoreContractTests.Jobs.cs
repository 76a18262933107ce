using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

public abstract partial class VaultStoreContractTests
{
    private static readonly DateTimeOffset JobLease = Start.AddMinutes(2);

    private async Task<(IVaultStore Store, BulkJob Job)> CreatedJobAsync(params string[] recordIds)
    {
        var (store, list) = await CreateStoreWithListAsync();
        var job = await store.Jobs.CreateAsync(ContractData.NewId("req"), ContractData.Job(list.Id),
            recordIds.Length > 0 ? recordIds : ["r1", "r2", "r3"], ContractData.Draft(AuditAction.JobCreated), Ct);
        return (store, job);
    }

    private static JobItem Outcome(string jobId, string recordId, JobItemStatus status) => new()
    {
        JobId = jobId,
        RecordId = recordId,
        Status = status,
        Reason = status == JobItemStatus.Failed ? "PASSWORD_POLICY" : "",
        Detail = "done",
        RotationId = "rot-" + recordId,
        CompletedAt = Start.AddMinutes(1),
    };

    [Fact]
    public async Task Created_job_is_queued_with_one_pending_item_per_distinct_record()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var request = ContractData.Job(list.Id);

        var job = await store.Jobs.CreateAsync("req-job", request, ["r2", "r1", "r2", "r3"],
            ContractData.Draft(AuditAction.JobCreated), Ct);

        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal(3, job.TotalItems);
        Assert.Equal(1, job.Version);
        Assert.Equal("", job.Owner);
        var read = await store.Jobs.GetAsync(request.Id, Ct);
        Assert.Equal(Snapshot(job), Snapshot(read));
        Assert.Equal(request.OptionsJson, read!.OptionsJson);
        var items = await ReadAllPagesAsync(p => store.Jobs.ListItemsAsync(job.Id, null, p, Ct), 2);
        Assert.Equal(["r1", "r2", "r3"], items.Select(i => i.RecordId));
        Assert.All(items, i => Assert.Equal(JobItemStatus.Pending, i.Status));
        var e = await AssertOneEventAsync(store, 1, AuditAction.JobCreated);
        Assert.Equal(list.Id, e.ListId);
    }

    [Fact]
    public async Task Job_create_repeated_with_the_same_request_id_returns_the_first_job()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var first = await store.Jobs.CreateAsync("req-job", ContractData.Job(list.Id), ["r1"],
            ContractData.Draft(AuditAction.JobCreated), Ct);

        var again = await store.Jobs.CreateAsync("req-job", ContractData.Job(list.Id), ["r1", "r2"],
            ContractData.Draft(AuditAction.JobCreated), Ct);

        Assert.Equal(Snapshot(first), Snapshot(again));
        Assert.Single((await store.Jobs.ListAsync(list.Id, PageRequest.First(), Ct)).Items);
        Assert.Single((await store.Jobs.ListItemsAsync(first.Id, null, PageRequest.First(), Ct)).Items);
        await AssertNoEventAsync(store, 2);
    }

    [Fact]
    public async Task Concurrent_job_claims_have_exactly_one_winner()
    {
        var (store, job) = await CreatedJobAsync();
        using var go = new ManualResetEventSlim();

        var claims = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            go.Wait(Ct);
            return await store.Jobs.ClaimAsync(job.Id, $"gw-{i}", Start, JobLease, Ct);
        }, Ct)).ToArray();
        go.Set();
        var results = await Task.WhenAll(claims);

        var winner = Assert.Single(results, r => r is not null)!;
        var read = await store.Jobs.GetAsync(job.Id, Ct);
        Assert.Equal(winner.Owner, read!.Owner);
        Assert.Equal(JobState.Running, read.State);
        Assert.Equal(JobLease, read.LeaseExpiresAt);
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task Job_lease_is_renewed_by_its_owner_and_taken_over_only_after_expiry()
    {
        var (store, job) = await CreatedJobAsync();
        await store.Jobs.ClaimAsync(job.Id, "gw-1", Start, JobLease, Ct);

        var renewed = await store.Jobs.ClaimAsync(job.Id, "gw-1", Start.AddMinutes(1), JobLease.AddMinutes(1), Ct);
        var early = await store.Jobs.ClaimAsync(job.Id, "gw-2", JobLease.AddSeconds(30), JobLease.AddMinutes(5), Ct);
        var late = await store.Jobs.ClaimAsync(job.Id, "gw-2", JobLease.AddMinutes(1), JobLease.AddMinutes(5), Ct);

        Assert.Equal(JobLease.AddMinutes(1), renewed!.LeaseExpiresAt);
        Assert.Null(early);
        Assert.Equal("gw-2", late!.Owner);
        await AssertRefusedAsync(StoreError.NotFound, () => store.Jobs.ClaimAsync("nope", "gw-1", Start, JobLease, Ct));
    }

    [Fact]
    public async Task Item_outcome_from_a_non_owner_is_LeaseHeld_and_counts_nothing()
    {
        var (store, job) = await CreatedJobAsync();
        await store.Jobs.ClaimAsync(job.Id, "gw-1", Start, JobLease, Ct);
        var before = await store.Jobs.GetAsync(job.Id, Ct);

        await AssertRefusedAsync(StoreError.LeaseHeld, () => store.Jobs.RecordItemAsync(job.Id, "gw-2",
            Outcome(job.Id, "r1", JobItemStatus.Succeeded), Ct));
        await AssertRefusedAsync(StoreError.LeaseHeld, () => store.Jobs.SetItemRotationAsync(job.Id, "r1", "gw-2",
            "rot-x", Ct));

        Assert.Equal(Snapshot(before), Snapshot(await store.Jobs.GetAsync(job.Id, Ct)));
        var items = await store.Jobs.ListItemsAsync(job.Id, JobItemStatus.Pending, PageRequest.First(), Ct);
        Assert.Equal(3, items.Items.Count);
        Assert.All(items.Items, i => Assert.Equal("", i.RotationId));
    }

    [Fact]
    public async Task Item_outcomes_are_counted_once()
    {
        var (store, job) = await CreatedJobAsync();
        await store.Jobs.ClaimAsync(job.Id, "gw-1", Start, JobLease, Ct);
        await store.Jobs.SetItemRotationAsync(job.Id, "r1", "gw-1", "rot-r1", Ct);

        await store.Jobs.RecordItemAsync(job.Id, "gw-1", Outcome(job.Id, "r1", JobItemStatus.Succeeded), Ct);
        await store.Jobs.RecordItemAsync(job.Id, "gw-1", Outcome(job.Id, "r2", JobItemStatus.Failed), Ct);
        var repeat = await store.Jobs.RecordItemAsync(job.Id, "gw-1", Outcome(job.Id, "r1", JobItemStatus.Failed), Ct);
        var skipped = await store.Jobs.RecordItemAsync(job.Id, "gw-1", Outcome(job.Id, "r3", JobItemStatus.Skipped), Ct);

        Assert.Equal(1, repeat.SucceededItems);
        Assert.Equal(1, repeat.FailedItems);
        Assert.Equal((1, 1, 1), (skipped.SucceededItems, skipped.FailedItems, skipped.SkippedItems));
        var read = await store.Jobs.GetAsync(job.Id, Ct);
        Assert.Equal(Snapshot(skipped), Snapshot(read));
        var succeeded = Assert.Single((await store.Jobs.ListItemsAsync(job.Id, JobItemStatus.Succeeded,
            PageRequest.First(), Ct)).Items);
        Assert.Equal("r1", succeeded.RecordId);
        Assert.Equal("rot-r1", succeeded.RotationId);
        Assert.Equal(Start.AddMinutes(1), succeeded.CompletedAt);
        var failed = Assert.Single((await store.Jobs.ListItemsAsync(job.Id, JobItemStatus.Failed, PageRequest.First(), Ct)).Items);
        Assert.Equal("PASSWORD_POLICY", failed.Reason);
        Assert.Empty((await store.Jobs.ListItemsAsync(job.Id, JobItemStatus.Pending, PageRequest.First(), Ct)).Items);
        await AssertRefusedAsync(StoreError.NotFound, () => store.Jobs.RecordItemAsync(job.Id, "gw-1",
            Outcome(job.Id, "r9", JobItemStatus.Succeeded), Ct));
    }

    [Fact]
    public async Task Claimable_jobs_are_the_unfinished_ones_without_a_live_lease()
    {
        var (store, list) = await CreateStoreWithListAsync();
        async Task<BulkJob> NewJob() => await store.Jobs.CreateAsync(ContractData.NewId("req"), ContractData.Job(list.Id),
            ["r1"], ContractData.Draft(AuditAction.JobCreated), Ct);
        var queued = await NewJob();
        var leased = await NewJob();
        var expired = await NewJob();
        var finished = await NewJob();
        await store.Jobs.ClaimAsync(leased.Id, "gw-1", Start, Start.AddMinutes(10), Ct);
        await store.Jobs.ClaimAsync(expired.Id, "gw-1", Start, Start.AddMinutes(1), Ct);
        await store.Jobs.ClaimAsync(finished.Id, "gw-1", Start, Start.AddMinutes(10), Ct);
        await store.Jobs.FinishAsync(finished.Id, "gw-1", JobState.Completed, Start.AddMinutes(1),
            ContractData.Draft(AuditAction.JobFinished), Ct);

        var claimable = await store.Jobs.ListClaimableAsync(Start.AddMinutes(5), 10, Ct);

        Assert.Equal(new[] { queued.Id, expired.Id }.Order(), claimable.Select(j => j.Id).Order());
        Assert.Single(await store.Jobs.ListClaimableAsync(Start.AddMinutes(5), 1, Ct));
    }

    [Fact]
    public async Task Finish_releases_the_job_for_its_owner_only()
    {
        var (store, job) = await CreatedJobAsync();
        await store.Jobs.ClaimAsync(job.Id, "gw-1", Start, JobLease, Ct);
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.LeaseHeld, () => store.Jobs.FinishAsync(job.Id, "gw-2", JobState.Completed,
            Start, ContractData.Draft(AuditAction.JobFinished), Ct));
        await AssertNoEventAsync(store, head);
        var finished = await store.Jobs.FinishAsync(job.Id, "gw-1", JobState.Cancelled, Start.AddMinutes(1),
            ContractData.Draft(AuditAction.JobFinished), Ct);

        Assert.Equal(JobState.Cancelled, finished.State);
        Assert.Equal(Start.AddMinutes(1), finished.FinishedAt);
        Assert.Equal("", finished.Owner);
        Assert.Null(finished.LeaseExpiresAt);
        Assert.Equal(Snapshot(finished), Snapshot(await store.Jobs.GetAsync(job.Id, Ct)));
        await AssertOneEventAsync(store, head, AuditAction.JobFinished);
        Assert.Null(await store.Jobs.ClaimAsync(job.Id, "gw-3", JobLease.AddHours(1), JobLease.AddHours(2), Ct));
    }

    [Fact]
    public async Task Cancel_request_is_idempotent()
    {
        var (store, job) = await CreatedJobAsync();
        var head = await AuditHeadAsync(store);

        var first = await store.Jobs.RequestCancelAsync(job.Id, ContractData.Draft(AuditAction.JobCancelRequested), Ct);
        var second = await store.Jobs.RequestCancelAsync(job.Id, ContractData.Draft(AuditAction.JobCancelRequested), Ct);

        Assert.True(first.CancelRequested);
        Assert.Equal(Snapshot(first), Snapshot(second));
        Assert.True((await store.Jobs.GetAsync(job.Id, Ct))!.CancelRequested);
        await AssertOneEventAsync(store, head, AuditAction.JobCancelRequested);
        await AssertRefusedAsync(StoreError.NotFound,
            () => store.Jobs.RequestCancelAsync("nope", ContractData.Draft(AuditAction.JobCancelRequested), Ct));
    }

    [Fact]
    public async Task Jobs_list_by_list_in_id_order()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var other = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);
        var mine = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            mine.Add((await store.Jobs.CreateAsync(ContractData.NewId("req"), ContractData.Job(list.Id), ["r"],
                ContractData.Draft(AuditAction.JobCreated), Ct)).Id);
        }

        await store.Jobs.CreateAsync(ContractData.NewId("req"), ContractData.Job(other.Id), ["r"],
            ContractData.Draft(AuditAction.JobCreated), Ct);

        var listed = await ReadAllPagesAsync(p => store.Jobs.ListAsync(list.Id, p, Ct), 2);
        var all = await ReadAllPagesAsync(p => store.Jobs.ListAsync(null, p, Ct), 2);

        Assert.Equal(mine.Order(StringComparer.Ordinal), listed.Select(j => j.Id));
        Assert.Equal(4, all.Count);
    }
}
