using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Tests.Security;
using PasswordSync.Vault.V1;
using AuditEvent = PasswordSync.Vault.Model.AuditEvent;

namespace PasswordSync.Vault.Tests.SyncMaterial;

/// <summary>
/// RecordSyncStates, the batched verdict call of the sync report, through the real vault over mutual TLS: every item
/// validated before anything is stored, one SyncStateRecorded event per record with the single call's content.
/// </summary>
public sealed class RecordSyncStatesTests : IAsyncLifetime
{
    private const string Current = "Current-Pa55!batch";
    private MtlsVaultHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = MtlsVaultHost.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _host.Logs.AssertContainsNone(Current);
        await _host.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SyncMaterialService.SyncMaterialServiceClient Client(string actor = "report-key") =>
        new(_host.AsGateway(actor));

    [Fact]
    public async Task A_batch_stores_each_verdict_with_the_same_audit_event_the_single_call_writes()
    {
        var single = await _host.SeedRecordAsync(Current);
        var first = await _host.SeedRecordAsync(Current);
        var second = await _host.SeedRecordAsync(Current);
        await Client().RecordSyncStateAsync(new RecordSyncStateRequest
        {
            RecordId = single.Id,
            State = RecordSyncStatus.OutOfSync,
            Reason = "INVALID_CREDENTIALS: rejected",
        }, cancellationToken: Ct);

        var response = await Client().RecordSyncStatesAsync(new RecordSyncStatesRequest
        {
            Items =
            {
                new SyncStateItem
                {
                    RecordId = first.Id, State = RecordSyncStatus.OutOfSync, Reason = "INVALID_CREDENTIALS: rejected",
                    ExpectedVersion = first.Version,
                },
                new SyncStateItem
                {
                    RecordId = second.Id, State = RecordSyncStatus.InSync, Reason = "accepted",
                    DirectoryPasswordLastSet = "133801234500000000", ExpectedVersion = second.Version,
                },
            },
        }, cancellationToken: Ct);

        Assert.Equal([first.Id, second.Id], response.Outcomes.Select(o => o.RecordId));
        Assert.All(response.Outcomes, o => Assert.True(o.Recorded, o.Message));
        Assert.Equal(first.Version + 1, response.Outcomes[0].RecordVersion);
        var stored = await _host.ReadRecordAsync(second.Id);
        Assert.Equal((SyncState.InSync, "133801234500000000"), (stored.SyncState, stored.DirectoryPasswordLastSet));
        Assert.NotNull(stored.LastVerifiedAt);
        var expected = Single(await _host.AuditOfRecordAsync(single.Id));
        var batched = Single(await _host.AuditOfRecordAsync(first.Id));
        Assert.Equal((expected.Actor, expected.Detail, expected.TargetId), (batched.Actor, batched.Detail, batched.TargetId));
        Assert.Equal(first.ListId, batched.ListId);
        Assert.Equal("InSync: accepted", Single(await _host.AuditOfRecordAsync(second.Id)).Detail);
        Assert.True((await _host.Store.Audit.VerifyAsync(Ct)).Valid);
    }

    [Fact]
    public async Task A_malformed_batch_is_refused_naming_each_bad_item_and_leaves_no_trace()
    {
        var good = await _host.SeedRecordAsync(Current);
        var other = await _host.SeedRecordAsync(Current);
        var headBefore = (await _host.Store.Audit.VerifyAsync(Ct)).HeadSequence;

        var error = await Assert.ThrowsAsync<RpcException>(() => Client().RecordSyncStatesAsync(new RecordSyncStatesRequest
        {
            Items =
            {
                new SyncStateItem { RecordId = good.Id, State = RecordSyncStatus.InSync, Reason = "accepted" },
                new SyncStateItem { RecordId = "bad id!", State = RecordSyncStatus.InSync },
                new SyncStateItem { RecordId = other.Id, State = (RecordSyncStatus)42 },
                new SyncStateItem { RecordId = good.Id, State = RecordSyncStatus.OutOfSync, Reason = new string('x', 1001) },
                new SyncStateItem { RecordId = other.Id + "x", State = RecordSyncStatus.InSync, ExpectedVersion = -1 },
            },
        }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetViolatedFields();
        Assert.Contains("items[1].record_id", fields);
        Assert.Contains("items[2].state", fields);
        Assert.Contains("items[3].reason", fields);
        Assert.Contains("items[3].record_id", fields); // repeats items[0]
        Assert.Contains("items[4].expected_version", fields);
        Assert.DoesNotContain(fields, f => f.StartsWith("items[0]", StringComparison.Ordinal));
        // Nothing stored, not even the good item; no audit event.
        Assert.Equal(SyncState.Unknown, (await _host.ReadRecordAsync(good.Id)).SyncState);
        Assert.Equal(good.Version, (await _host.ReadRecordAsync(good.Id)).Version);
        Assert.Equal(headBefore, (await _host.Store.Audit.VerifyAsync(Ct)).HeadSequence);
    }

    [Fact]
    public async Task Empty_and_oversized_batches_are_refused()
    {
        var empty = await Assert.ThrowsAsync<RpcException>(() =>
            Client().RecordSyncStatesAsync(new RecordSyncStatesRequest(), cancellationToken: Ct).ResponseAsync);
        var tooMany = new RecordSyncStatesRequest();
        for (var i = 0; i < 501; i++)
        {
            tooMany.Items.Add(new SyncStateItem { RecordId = $"r{i}", State = RecordSyncStatus.InSync });
        }

        var oversized = await Assert.ThrowsAsync<RpcException>(() =>
            Client().RecordSyncStatesAsync(tooMany, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(["items"], empty.GetViolatedFields());
        Assert.Contains("items", oversized.GetViolatedFields());
        Assert.Contains("at most 500", oversized.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleted_unknown_and_changed_records_are_skipped_with_a_reason_and_the_rest_is_stored()
    {
        var kept = await _host.SeedRecordAsync(Current);
        var changed = await _host.SeedRecordAsync(Current);
        await _host.Store.Records.UpdateFieldsAsync(changed with { Title = "edited meanwhile" }, changed.Version,
            new AuditDraft { Action = AuditAction.RecordUpdated, Actor = "test" }, Ct);

        var response = await Client().RecordSyncStatesAsync(new RecordSyncStatesRequest
        {
            Items =
            {
                new SyncStateItem { RecordId = "0123456789abcdef", State = RecordSyncStatus.InSync },
                new SyncStateItem { RecordId = changed.Id, State = RecordSyncStatus.InSync, ExpectedVersion = changed.Version },
                new SyncStateItem { RecordId = kept.Id, State = RecordSyncStatus.InSync, ExpectedVersion = kept.Version },
            },
        }, cancellationToken: Ct);

        Assert.Equal(("NOT_FOUND", false), (response.Outcomes[0].ReasonCode, response.Outcomes[0].Recorded));
        Assert.Equal(("VERSION_CONFLICT", false), (response.Outcomes[1].ReasonCode, response.Outcomes[1].Recorded));
        Assert.True(response.Outcomes[2].Recorded);
        Assert.Equal(SyncState.Unknown, (await _host.ReadRecordAsync(changed.Id)).SyncState);
        Assert.DoesNotContain(await _host.AuditOfRecordAsync(changed.Id), e => e.Action == AuditAction.SyncStateRecorded);
        Assert.Equal(SyncState.InSync, (await _host.ReadRecordAsync(kept.Id)).SyncState);
    }

    private static AuditEvent Single(IReadOnlyList<AuditEvent> events) =>
        Assert.Single(events, e => e.Action == AuditAction.SyncStateRecorded);
}
