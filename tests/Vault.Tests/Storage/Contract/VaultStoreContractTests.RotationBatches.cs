using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

/// <summary>Batched begin / commit: each item exactly as its single step, with the job's bookkeeping alongside.</summary>
public abstract partial class VaultStoreContractTests
{
    private async Task<(IVaultStore Store, List<PasswordRecord> Records, BulkJob Job)> ClaimedJobOfAsync(int count)
    {
        var (store, list) = await CreateStoreWithListAsync();
        var records = new List<PasswordRecord>();
        for (var i = 0; i < count; i++)
        {
            records.Add(await AddRecordAsync(store, ContractData.Record(list.Id, title: $"batch-{i}")));
        }

        var job = await store.Jobs.CreateAsync(ContractData.NewId("req"), ContractData.Job(list.Id),
            records.Select(r => r.Id).ToList(), ContractData.Draft(AuditAction.JobCreated), Ct);
        await store.Jobs.ClaimAsync(job.Id, "gw-1", Start, JobLease, Ct);
        return (store, records, job);
    }

    private static List<BatchBegin> BeginsOf(IEnumerable<PasswordRecord> records) => records
        .Select(r => new BatchBegin(ContractData.NewId("req"), r.Id, ContractData.Pending("gw-1", Lease),
            ContractData.Draft(AuditAction.RotationBegun)))
        .ToList();

    private static List<BatchCommit> CommitsOf(IEnumerable<(PasswordRecord Record, string RotationId)> begun) => begun
        .Select(b => new BatchCommit(ContractData.NewId("req"), b.Record.Id, b.RotationId, CommitOf(b.Record, Start),
            ContractData.Draft(AuditAction.RotationCommitted)))
        .ToList();

    [Fact]
    public async Task Batch_begin_begins_each_item_notes_it_on_the_job_and_refuses_only_the_item_in_rotation()
    {
        var (store, records, job) = await ClaimedJobOfAsync(3);
        var inRotation = await store.Rotations.BeginAsync(ContractData.NewId("req"), records[1].Id,
            ContractData.Pending("gw-2", Lease), ContractData.Draft(AuditAction.RotationBegun), Ct);
        var head = await AuditHeadAsync(store);
        var steps = BeginsOf(records);

        var outcomes = await store.Rotations.BeginManyAsync(steps, new JobItemNote(job.Id, "gw-1", ""), Ct);

        Assert.Equal(3, outcomes.Count);
        Assert.Equal(StoreError.RotationPending, outcomes[1].Error?.Error);
        Assert.Null(outcomes[1].Record);
        Assert.False(outcomes[1].JobItemUpdated);
        Assert.Equal(Snapshot(inRotation), Snapshot(await store.Records.GetAsync(records[1].Id, Ct)));
        foreach (var i in new[] { 0, 2 })
        {
            Assert.Null(outcomes[i].Error);
            Assert.True(outcomes[i].JobItemUpdated);
            var read = await store.Records.GetAsync(records[i].Id, Ct);
            Assert.Equal(steps[i].Pending.RotationId, read!.Pending!.RotationId);
            Assert.Equal(steps[i].Pending.SealedPassword, read.Pending.SealedPassword);
            Assert.Equal(Snapshot(outcomes[i].Record), Snapshot(read));
        }

        var items = await ReadAllPagesAsync(p => store.Jobs.ListItemsAsync(job.Id, null, p, Ct), 10);
        Assert.Equal(steps[0].Pending.RotationId, items.Single(i => i.RecordId == records[0].Id).RotationId);
        Assert.Equal("", items.Single(i => i.RecordId == records[1].Id).RotationId);
        Assert.Equal(steps[2].Pending.RotationId, items.Single(i => i.RecordId == records[2].Id).RotationId);
        var events = (await AllEventsAsync(store)).Where(e => e.Sequence > head).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(AuditAction.RotationBegun, e.Action));
        Assert.Equal([steps[0].RequestId, steps[2].RequestId], events.Select(e => e.RequestId));
    }

    [Fact]
    public async Task Batch_begin_for_a_job_another_owner_holds_begins_nothing()
    {
        var (store, records, job) = await ClaimedJobOfAsync(2);
        var head = await AuditHeadAsync(store);

        var outcomes = await store.Rotations.BeginManyAsync(BeginsOf(records), new JobItemNote(job.Id, "gw-other", ""),
            Ct);

        Assert.All(outcomes, o => Assert.Equal(StoreError.LeaseHeld, o.Error?.Error));
        foreach (var record in records)
        {
            Assert.Null((await store.Records.GetAsync(record.Id, Ct))!.Pending);
        }

        Assert.All(await ReadAllPagesAsync(p => store.Jobs.ListItemsAsync(job.Id, null, p, Ct), 10),
            i => Assert.Equal("", i.RotationId));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Batch_begin_repeated_with_the_same_request_ids_returns_the_first_results_once()
    {
        var (store, records, _) = await ClaimedJobOfAsync(2);
        var steps = BeginsOf(records);
        var first = await store.Rotations.BeginManyAsync(steps, null, Ct);
        var head = await AuditHeadAsync(store);
        Clock.Advance(TimeSpan.FromSeconds(2));

        var again = await store.Rotations.BeginManyAsync(steps, null, Ct);

        Assert.Equal(first.Select(o => Snapshot(o.Record)), again.Select(o => Snapshot(o.Record)));
        await AssertNoEventAsync(store, head);
    }

    [Fact]
    public async Task Batch_commit_commits_each_item_records_it_on_the_job_and_refuses_only_the_mismatched_one()
    {
        var (store, records, job) = await ClaimedJobOfAsync(3);
        var steps = BeginsOf(records);
        var begun = await store.Rotations.BeginManyAsync(steps, new JobItemNote(job.Id, "gw-1", ""), Ct);
        var commits = CommitsOf(records.Select((r, i) => (begun[i].Record!, i == 1 ? "not-this-rotation" : steps[i].Pending.RotationId)));
        var head = await AuditHeadAsync(store);

        var outcomes = await store.Rotations.CommitManyAsync(commits, new JobItemNote(job.Id, "gw-1", "Rotated."), Ct);

        Assert.Equal(StoreError.RotationMismatch, outcomes[1].Error?.Error);
        Assert.Equal(Snapshot(begun[1].Record), Snapshot(await store.Records.GetAsync(records[1].Id, Ct)));
        foreach (var i in new[] { 0, 2 })
        {
            Assert.True(outcomes[i].JobItemUpdated);
            var read = await store.Records.GetAsync(records[i].Id, Ct);
            Assert.Null(read!.Pending);
            Assert.Equal(commits[i].Commit.SealedNewPassword, read.SealedPassword);
            Assert.Equal(SyncState.InSync, read.SyncState);
        }

        var items = await ReadAllPagesAsync(p => store.Jobs.ListItemsAsync(job.Id, null, p, Ct), 10);
        Assert.Equal(JobItemStatus.Pending, items.Single(i => i.RecordId == records[1].Id).Status);
        foreach (var i in new[] { 0, 2 })
        {
            var item = items.Single(x => x.RecordId == records[i].Id);
            Assert.Equal(JobItemStatus.Succeeded, item.Status);
            Assert.Equal("Rotated.", item.Detail);
            Assert.Equal(steps[i].Pending.RotationId, item.RotationId);
        }

        Assert.Equal(2, (await store.Jobs.GetAsync(job.Id, Ct))!.SucceededItems);
        var events = (await AllEventsAsync(store)).Where(e => e.Sequence > head).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(AuditAction.RotationCommitted, e.Action));
    }

    [Fact]
    public async Task Batch_commit_stands_when_the_job_has_another_owner_and_leaves_its_items_to_settle()
    {
        var (store, records, job) = await ClaimedJobOfAsync(2);
        var steps = BeginsOf(records);
        var begun = await store.Rotations.BeginManyAsync(steps, new JobItemNote(job.Id, "gw-1", ""), Ct);
        var commits = CommitsOf(records.Select((r, i) => (begun[i].Record!, steps[i].Pending.RotationId)));

        var outcomes = await store.Rotations.CommitManyAsync(commits, new JobItemNote(job.Id, "gw-other", "Rotated."),
            Ct);

        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.All(outcomes, o => Assert.False(o.JobItemUpdated));
        foreach (var record in records)
        {
            Assert.Null((await store.Records.GetAsync(record.Id, Ct))!.Pending);
        }

        // Still pending on the job, with the rotation id noted: the job's owner settles them from the journal.
        Assert.All(await ReadAllPagesAsync(p => store.Jobs.ListItemsAsync(job.Id, null, p, Ct), 10), i =>
        {
            Assert.Equal(JobItemStatus.Pending, i.Status);
            Assert.NotEqual("", i.RotationId);
        });
        Assert.Equal(0, (await store.Jobs.GetAsync(job.Id, Ct))!.SucceededItems);
    }

    [Fact]
    public async Task Batch_begin_refuses_a_record_the_job_does_not_list_and_the_audit_chain_stays_whole()
    {
        // The middle item's begin is written (with its audit event) before its job note is refused: the refusal must
        // undo that event, and the next item's event must chain onto the first item's, not onto the undone one.
        var (store, records, job) = await ClaimedJobOfAsync(2);
        var outsider = await AddRecordAsync(store, ContractData.Record(records[0].ListId, title: "not-in-the-job"));
        var head = await AuditHeadAsync(store);
        var steps = BeginsOf([records[0], outsider, records[1]]);

        var outcomes = await store.Rotations.BeginManyAsync(steps, new JobItemNote(job.Id, "gw-1", ""), Ct);

        Assert.Null(outcomes[0].Error);
        Assert.Equal(StoreError.NotFound, outcomes[1].Error?.Error);
        Assert.Null(outcomes[2].Error);
        Assert.Null((await store.Records.GetAsync(outsider.Id, Ct))!.Pending);
        var events = (await AllEventsAsync(store)).Where(e => e.Sequence > head).ToList();
        Assert.Equal([steps[0].RequestId, steps[2].RequestId], events.Select(e => e.RequestId));
        Assert.Equal([head + 1, head + 2], events.Select(e => e.Sequence));
        Assert.True((await store.Audit.VerifyAsync(Ct)).Valid);
    }

    [Fact]
    public async Task Batch_commit_counts_each_item_once_when_a_commit_is_repeated_in_a_later_batch()
    {
        var (store, records, job) = await ClaimedJobOfAsync(3);
        var steps = BeginsOf(records);
        var begun = await store.Rotations.BeginManyAsync(steps, new JobItemNote(job.Id, "gw-1", ""), Ct);
        var commits = CommitsOf(records.Select((r, i) => (begun[i].Record!, steps[i].Pending.RotationId)));
        await store.Rotations.CommitManyAsync(commits.Take(2).ToList(), new JobItemNote(job.Id, "gw-1", "Rotated."), Ct);

        // A retried batch: two commits already done (same request ids) and one new.
        var outcomes = await store.Rotations.CommitManyAsync(commits, new JobItemNote(job.Id, "gw-1", "Rotated."), Ct);

        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.Equal(3, (await store.Jobs.GetAsync(job.Id, Ct))!.SucceededItems);
        Assert.All(await ReadAllPagesAsync(p => store.Jobs.ListItemsAsync(job.Id, null, p, Ct), 10),
            i => Assert.Equal(JobItemStatus.Succeeded, i.Status));
    }
}
