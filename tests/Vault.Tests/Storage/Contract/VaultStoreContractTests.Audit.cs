using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

public abstract partial class VaultStoreContractTests
{
    [Fact]
    public async Task Empty_audit_log_verifies_with_the_genesis_hash()
    {
        var store = await CreateStoreAsync();

        var verification = await store.Audit.VerifyAsync(Ct);

        Assert.True(verification.Valid);
        Assert.Equal(0, verification.HeadSequence);
        Assert.Equal(AuditChain.GenesisHash, verification.HeadHash);
        Assert.Null(verification.FirstInvalidSequence);
    }

    [Fact]
    public async Task Appended_events_are_chained_and_timed_by_the_store_clock()
    {
        var store = await CreateStoreAsync();
        var first = await store.Audit.AppendAsync(null, ContractData.Draft(AuditAction.PasswordRevealed) with
        {
            ListId = "l1",
            RecordId = "r1",
            TargetId = "t1",
        }, Ct);
        Clock.Advance(TimeSpan.FromMilliseconds(1234.5));
        var second = await store.Audit.AppendAsync(null, ContractData.Draft(AuditAction.ApiKeyUsed, "bob"), Ct);

        Assert.Equal(1, first.Sequence);
        Assert.Equal(2, second.Sequence);
        Assert.Equal(AuditChain.GenesisHash, first.PreviousHash);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(AuditChain.ComputeHash(first), first.Hash);
        Assert.Equal(AuditChain.ComputeHash(second), second.Hash);
        Assert.Equal(Start, first.Time);
        Assert.Equal(Ms(Start.AddMilliseconds(1234.5)), second.Time);
        var stored = await AllEventsAsync(store);
        Assert.Equal(Snapshot(new[] { first, second }), Snapshot(stored));
        var verification = await store.Audit.VerifyAsync(Ct);
        Assert.True(verification.Valid);
        Assert.Equal(2, verification.HeadSequence);
        Assert.Equal(second.Hash, verification.HeadHash);
    }

    [Fact]
    public async Task Appending_many_chains_them_in_order_after_the_existing_events()
    {
        var store = await CreateStoreAsync();
        var before = await store.Audit.AppendAsync(null, ContractData.Draft(AuditAction.PasswordRevealed), Ct);
        var drafts = Enumerable.Range(1, 3).Select(i => ContractData.Draft(AuditAction.SyncMaterialUsed) with
        {
            RecordId = $"r{i}",
            TargetId = "t1",
        }).ToList();

        var appended = await store.Audit.AppendManyAsync(drafts, Ct);

        Assert.Equal([2L, 3L, 4L], appended.Select(e => e.Sequence));
        Assert.Equal(["r1", "r2", "r3"], appended.Select(e => e.RecordId));
        Assert.Equal(before.Hash, appended[0].PreviousHash);
        Assert.Equal(appended[0].Hash, appended[1].PreviousHash);
        Assert.All(appended, e => Assert.Equal(AuditChain.ComputeHash(e), e.Hash));
        Assert.Equal(Snapshot(new[] { before }.Concat(appended).ToArray()), Snapshot(await AllEventsAsync(store)));
        var verification = await store.Audit.VerifyAsync(Ct);
        Assert.True(verification.Valid);
        Assert.Equal(4, verification.HeadSequence);
    }

    [Fact]
    public async Task Append_repeated_with_the_same_request_id_returns_the_first_event()
    {
        var store = await CreateStoreAsync();
        var draft = ContractData.Draft(AuditAction.PasswordRevealed) with { RecordId = "r1" };
        var first = await store.Audit.AppendAsync("req-audit", draft, Ct);
        Clock.Advance(TimeSpan.FromSeconds(5));

        var again = await store.Audit.AppendAsync("req-audit", draft, Ct);

        Assert.Equal(Snapshot(first), Snapshot(again));
        Assert.Equal("req-audit", first.RequestId);
        Assert.Equal(1, await AuditHeadAsync(store));
        await AssertRefusedAsync(StoreError.RequestIdReused,
            () => store.Audit.AppendAsync("req-audit", draft with { RecordId = "r2" }, Ct));
        Assert.Equal(1, await AuditHeadAsync(store));
    }

    [Fact]
    public async Task Concurrent_writers_never_fork_or_gap_the_chain()
    {
        var (store, list) = await CreateStoreWithListAsync();
        const int Writers = 8;
        const int Appends = 12;
        using var go = new ManualResetEventSlim();

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            go.Wait(Ct);
            for (var i = 0; i < Appends; i++)
            {
                if (i % 3 == 0)
                {
                    // Mix standalone appends with changes that append their own event.
                    await AddRecordAsync(store, ContractData.Record(list.Id));
                }
                else
                {
                    await store.Audit.AppendAsync(i % 2 == 0 ? ContractData.NewId("req") : null,
                        ContractData.Draft(AuditAction.PasswordRevealed, $"writer-{w}"), Ct);
                }
            }
        }, Ct)).ToArray();
        go.Set();
        await Task.WhenAll(writers);

        var verification = await store.Audit.VerifyAsync(Ct);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(1 + (Writers * Appends), verification.HeadSequence);
        var events = await AllEventsAsync(store);
        Assert.Equal(Enumerable.Range(1, 1 + (Writers * Appends)).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(verification.HeadHash, events[^1].Hash);
    }

    [Fact]
    public async Task Audit_query_filters_by_list_record_actor_action_and_time()
    {
        var store = await CreateStoreAsync();
        async Task<AuditEvent> Append(AuditAction action, string actor, string list, string record)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            return await store.Audit.AppendAsync(null, ContractData.Draft(action, actor) with
            {
                ListId = list,
                RecordId = record,
            }, Ct);
        }

        var e1 = await Append(AuditAction.PasswordRevealed, "alice", "l1", "r1");
        var e2 = await Append(AuditAction.SyncMaterialUsed, "gateway", "l1", "r2");
        var e3 = await Append(AuditAction.PasswordRevealed, "bob", "l2", "r3");
        var e4 = await Append(AuditAction.PasswordRevealed, "alice", "l1", "r1");

        async Task<long[]> Find(AuditQuery q) => (await AllEventsAsync(store, q)).Select(e => e.Sequence).ToArray();

        Assert.Equal([e1.Sequence, e2.Sequence, e4.Sequence], await Find(new AuditQuery(ListId: "l1")));
        Assert.Equal([e1.Sequence, e4.Sequence], await Find(new AuditQuery(RecordId: "r1")));
        Assert.Equal([e3.Sequence], await Find(new AuditQuery(Actor: "bob")));
        Assert.Equal([e2.Sequence], await Find(new AuditQuery(Action: AuditAction.SyncMaterialUsed)));
        Assert.Equal([e2.Sequence, e3.Sequence], await Find(new AuditQuery(From: e2.Time, To: e4.Time)));
        Assert.Equal([e4.Sequence], await Find(new AuditQuery(ListId: "l1", Actor: "alice", From: e2.Time)));
        Assert.Empty(await Find(new AuditQuery(ListId: "l3")));
        var pages = 0;
        var all = await ReadAllPagesAsync(p => store.Audit.QueryAsync(new AuditQuery(), p, Ct), 1, _ => pages++);
        Assert.Equal(4, pages);
        Assert.Equal([e1.Sequence, e2.Sequence, e3.Sequence, e4.Sequence], all.Select(e => e.Sequence));
    }
}
