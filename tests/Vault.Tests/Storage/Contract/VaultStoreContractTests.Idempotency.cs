using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

public abstract partial class VaultStoreContractTests
{
    [Fact]
    public async Task Begin_of_the_rotation_already_pending_under_a_new_request_id_changes_nothing()
    {
        var (store, record, pending, begun) = await BegunRotationAsync();
        var head = await AuditHeadAsync(store);

        var again = await store.Rotations.BeginAsync("req-new", record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct);

        Assert.Equal(Snapshot(begun), Snapshot(again));
        Assert.Equal(Snapshot(begun), Snapshot(await store.Records.GetAsync(record.Id, Ct)));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Journal_replay_after_a_key_rewrap_returns_the_current_wrapped_key()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var record = await AddRecordAsync(store, ContractData.Record(list.Id));
        var pending = ContractData.Pending("gw-1", Lease);
        var first = await store.Rotations.BeginAsync("req-rewrap", record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct);
        var rewrapped = new WrappedDataKey(2, ContractData.Sealed());
        Assert.True(await store.DataKeys.ReplaceRecordKeyAsync(record.Id, record.DataKey, rewrapped, Ct));

        var replay = await store.Rotations.BeginAsync("req-rewrap", record.Id, pending,
            ContractData.Draft(AuditAction.RotationBegun), Ct);

        Assert.Equal(Snapshot(first with { DataKey = rewrapped }), Snapshot(replay));
    }

    [Fact]
    public async Task Forgotten_request_ids_are_new_calls_again_and_recent_ones_still_return_their_first_result()
    {
        var (store, list) = await CreateStoreWithListAsync();
        var old = ContractData.Job(list.Id);
        await store.Jobs.CreateAsync("req-old", old, ["r1"], ContractData.Draft(AuditAction.JobCreated), Ct);
        Clock.Advance(TimeSpan.FromDays(8));
        var recent = ContractData.Job(list.Id);
        await store.Jobs.CreateAsync("req-recent", recent, ["r1"], ContractData.Draft(AuditAction.JobCreated), Ct);
        var another = ContractData.Job(list.Id);
        // Before forgetting: the old id still answers with the first job.
        Assert.Equal(old.Id, (await store.Jobs.CreateAsync("req-old", another, ["r2"],
            ContractData.Draft(AuditAction.JobCreated), Ct)).Id);
        Assert.Null(await store.Jobs.GetAsync(another.Id, Ct));
        var head = await AuditHeadAsync(store);

        var forgotten = await store.ForgetRequestIdsAsync(Clock.GetUtcNow() - IdempotencyRetention.Period, Ct);

        Assert.True(forgotten >= 1, $"forgot {forgotten} request ids");
        await AssertNoEventAsync(store, head);
        Assert.NotNull(await store.Jobs.GetAsync(old.Id, Ct)); // only the ledger entry goes, never the job
        var created = await store.Jobs.CreateAsync("req-old", another, ["r2"],
            ContractData.Draft(AuditAction.JobCreated), Ct);
        Assert.Equal(another.Id, created.Id);
        var repeated = await store.Jobs.CreateAsync("req-recent", ContractData.Job(list.Id), ["r1"],
            ContractData.Draft(AuditAction.JobCreated), Ct);
        Assert.Equal(recent.Id, repeated.Id);
    }

    [Fact]
    public async Task Job_request_id_used_by_another_operation_is_RequestIdReused()
    {
        var (store, list) = await CreateStoreWithListAsync();
        await store.Audit.AppendAsync("req-shared", ContractData.Draft(AuditAction.PasswordRevealed), Ct);
        var job = ContractData.Job(list.Id);
        var head = await AuditHeadAsync(store);

        await AssertRefusedAsync(StoreError.RequestIdReused, () => store.Jobs.CreateAsync("req-shared", job, ["r1"],
            ContractData.Draft(AuditAction.JobCreated), Ct));

        Assert.Null(await store.Jobs.GetAsync(job.Id, Ct));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Refused_begin_records_no_request_id_so_a_retry_is_judged_afresh()
    {
        var (store, record, pending, _) = await BegunRotationAsync();
        var second = ContractData.Pending("gw-2", Lease);
        await AssertRefusedAsync(StoreError.RotationPending, () => store.Rotations.BeginAsync("req-retry", record.Id,
            second, ContractData.Draft(AuditAction.RotationBegun), Ct));
        await store.Rotations.AbortAsync(ContractData.NewId("req"), record.Id, pending.RotationId, "refused",
            ContractData.Draft(AuditAction.RotationAborted), Ct);

        var retried = await store.Rotations.BeginAsync("req-retry", record.Id, second,
            ContractData.Draft(AuditAction.RotationBegun), Ct);

        Assert.Equal(second.RotationId, retried.Pending!.RotationId);
    }

    [Fact]
    public async Task Job_calls_with_bad_arguments_are_refused_and_change_nothing()
    {
        var (store, job) = await CreatedJobAsync();
        await store.Jobs.ClaimAsync(job.Id, "gw-1", Start, JobLease, Ct);
        var before = await store.Jobs.GetAsync(job.Id, Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => store.Jobs.RecordItemAsync(job.Id, "gw-1",
            Outcome(job.Id, "r1", JobItemStatus.Pending), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Jobs.FinishAsync(job.Id, "gw-1", JobState.Running,
            Start, ContractData.Draft(AuditAction.JobFinished), Ct));

        Assert.Equal(Snapshot(before), Snapshot(await store.Jobs.GetAsync(job.Id, Ct)));
        var finished = await store.Jobs.FinishAsync(job.Id, "gw-1", JobState.Completed, Start,
            ContractData.Draft(AuditAction.JobFinished), Ct);
        var head = await AuditHeadAsync(store);
        var again = await store.Jobs.FinishAsync(job.Id, "gw-1", JobState.Completed, Start,
            ContractData.Draft(AuditAction.JobFinished), Ct);
        var cancel = await store.Jobs.RequestCancelAsync(job.Id, ContractData.Draft(AuditAction.JobCancelRequested), Ct);
        Assert.Equal(Snapshot(finished), Snapshot(again));
        Assert.Equal(Snapshot(finished), Snapshot(cancel));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Touching_an_unknown_api_key_is_ignored()
    {
        var store = await CreateStoreAsync();

        await store.ApiKeys.TouchAsync("no-such-key", Start, Ct);

        Assert.Null(await store.ApiKeys.GetAsync("no-such-key", Ct));
    }
}
