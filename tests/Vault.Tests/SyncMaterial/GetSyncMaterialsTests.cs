using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Security;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.SyncMaterial;

/// <summary>
/// Many records' sync material in one call (a sync report's next checks): each served as GetSyncMaterial serves one and
/// audited as sync use; a record that call would refuse gets the refusal, not material; a malformed batch serves and
/// audits nothing.
/// </summary>
public sealed class GetSyncMaterialsTests : IAsyncLifetime
{
    private const string Privileged = "Priv-Pa55!many";
    private MtlsVaultHost _host = null!;
    private string _targetId = "";

    public async ValueTask InitializeAsync()
    {
        _host = MtlsVaultHost.Start();
        var target = await new TargetService.TargetServiceClient(_host.AsGateway("admin")).CreateTargetAsync(
            GatewayIdentityTests.ValidTarget("pwsync.test", Privileged), cancellationToken: Ct);
        _targetId = target.Id;
    }

    public async ValueTask DisposeAsync()
    {
        _host.Logs.AssertContainsNone("Pa55!many", Privileged);
        await _host.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SyncMaterialService.SyncMaterialServiceClient Client(string actor = "reporter") =>
        new(_host.AsGateway(actor));

    [Fact]
    public async Task Serves_each_record_in_order_and_audits_each_as_sync_use()
    {
        var first = await _host.SeedRecordAsync("First-Pa55!many");
        var second = await _host.SeedRecordAsync("Second-Pa55!many", userName: "svc-two");

        var response = await Client().GetSyncMaterialsAsync(new GetSyncMaterialsRequest
        {
            Items =
            {
                new GetSyncMaterialRequest { RecordId = first.Id, TargetId = _targetId },
                new GetSyncMaterialRequest { RecordId = second.Id },
            },
        }, cancellationToken: Ct);

        Assert.Equal([first.Id, second.Id], response.Outcomes.Select(o => o.RecordId));
        Assert.Equal("First-Pa55!many", response.Outcomes[0].Material.CurrentPassword);
        Assert.Equal("Second-Pa55!many", response.Outcomes[1].Material.CurrentPassword);
        Assert.Equal("svc-two", response.Outcomes[1].Material.UserName);
        Assert.All(response.Outcomes, o => Assert.Equal(Privileged, o.Material.Target.PrivilegedPassword));
        Assert.All(response.Outcomes, o => Assert.Equal(_targetId, o.Material.Target.Target.Id));
        Assert.All(response.Outcomes, o => Assert.Equal(0, o.StatusCode));
        foreach (var record in new[] { first, second })
        {
            var use = Assert.Single(await _host.AuditOfRecordAsync(record.Id), e => e.Action == AuditAction.SyncMaterialUsed);
            Assert.Equal("reporter", use.Actor);
            Assert.Equal(_targetId, use.TargetId);
        }

        Assert.True((await _host.Store.Audit.VerifyAsync(Ct)).Valid);
    }

    [Fact]
    public async Task A_deleted_or_unresolvable_record_gets_the_refusal_and_no_audit_while_the_others_are_served()
    {
        var served = await _host.SeedRecordAsync("Served-Pa55!many");
        var deleted = await _host.SeedRecordAsync("Deleted-Pa55!many");
        await _host.Store.Records.DeleteAsync(deleted.Id, deleted.Version, DateTimeOffset.UtcNow,
            new AuditDraft { Action = AuditAction.RecordDeleted, Actor = "test", RecordId = deleted.Id }, Ct);
        var homeless = await _host.SeedRecordAsync("Homeless-Pa55!many", domainOrHost: "unknown.example");
        var unknownId = MtlsVaultHost.NewId();

        var response = await Client().GetSyncMaterialsAsync(new GetSyncMaterialsRequest
        {
            Items =
            {
                new GetSyncMaterialRequest { RecordId = deleted.Id },
                new GetSyncMaterialRequest { RecordId = served.Id },
                new GetSyncMaterialRequest { RecordId = homeless.Id },
                new GetSyncMaterialRequest { RecordId = unknownId },
            },
        }, cancellationToken: Ct);

        Assert.Equal((int)StatusCode.NotFound, response.Outcomes[0].StatusCode);
        Assert.Equal("NOT_FOUND", response.Outcomes[0].ReasonCode);
        Assert.Null(response.Outcomes[0].Material);
        Assert.Equal("Served-Pa55!many", response.Outcomes[1].Material.CurrentPassword);
        Assert.Equal((int)StatusCode.FailedPrecondition, response.Outcomes[2].StatusCode);
        Assert.Equal("CONFIGURATION", response.Outcomes[2].ReasonCode);
        Assert.Contains("unknown.example", response.Outcomes[2].Message, StringComparison.Ordinal);
        Assert.Equal((int)StatusCode.NotFound, response.Outcomes[3].StatusCode);
        Assert.Single(await _host.AuditOfRecordAsync(served.Id), e => e.Action == AuditAction.SyncMaterialUsed);
        foreach (var refused in new[] { deleted.Id, homeless.Id, unknownId })
        {
            Assert.DoesNotContain(await _host.AuditOfRecordAsync(refused), e => e.Action == AuditAction.SyncMaterialUsed);
        }
    }

    [Fact]
    public async Task A_malformed_batch_is_refused_whole_and_audits_nothing()
    {
        var record = await _host.SeedRecordAsync("Valid-Pa55!many");
        var request = new GetSyncMaterialsRequest
        {
            Items =
            {
                new GetSyncMaterialRequest { RecordId = record.Id },
                new GetSyncMaterialRequest { RecordId = record.Id },
                new GetSyncMaterialRequest { RecordId = "" },
            },
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => Client().GetSyncMaterialsAsync(request,
            cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("items[1].record_id", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("items[2].record_id", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await _host.AuditOfRecordAsync(record.Id), e => e.Action == AuditAction.SyncMaterialUsed);
    }

    [Fact]
    public async Task An_empty_or_oversized_batch_is_refused()
    {
        var empty = await Assert.ThrowsAsync<RpcException>(() => Client().GetSyncMaterialsAsync(
            new GetSyncMaterialsRequest(), cancellationToken: Ct).ResponseAsync);
        var oversized = new GetSyncMaterialsRequest();
        oversized.Items.AddRange(Enumerable.Range(0, 101).Select(_ => new GetSyncMaterialRequest { RecordId = MtlsVaultHost.NewId() }));
        var tooMany = await Assert.ThrowsAsync<RpcException>(() => Client().GetSyncMaterialsAsync(oversized,
            cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, tooMany.StatusCode);
        Assert.Contains("at most 100", tooMany.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Is_refused_to_a_caller_that_is_not_the_gateway()
    {
        var record = await _host.SeedRecordAsync("Valid-Pa55!many");
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new SyncMaterialService.SyncMaterialServiceClient(_host.Connect(_host.State.Pki.WrongSubject, "alice")).GetSyncMaterialsAsync(
                new GetSyncMaterialsRequest { Items = { new GetSyncMaterialRequest { RecordId = record.Id } } },
                cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.DoesNotContain(await _host.AuditOfRecordAsync(record.Id), e => e.Action == AuditAction.SyncMaterialUsed);
    }
}
