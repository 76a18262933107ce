using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Security;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.Audit;

/// <summary>The audit API: the gateway's own events, queries, and a verifiable chain head.</summary>
public sealed class AuditLogTests : IAsyncLifetime
{
    private MtlsVaultHost _host = null!;
    private AuditLogService.AuditLogServiceClient _audit = null!;

    public ValueTask InitializeAsync()
    {
        _host = MtlsVaultHost.Start();
        _audit = new AuditLogService.AuditLogServiceClient(_host.AsGateway("auditor"));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Appended_event_is_idempotent_by_request_id_and_found_by_query()
    {
        var record = await _host.SeedRecordAsync(null);
        var request = new AppendAuditEventRequest
        {
            RequestId = MtlsVaultHost.NewId(),
            Action = "OperationFailed",
            ListId = record.ListId,
            RecordId = record.Id,
            Detail = "check failed: ACCOUNT_LOCKED",
        };
        var first = await _audit.AppendAuditEventAsync(request, cancellationToken: Ct);
        var again = await _audit.AppendAuditEventAsync(request, cancellationToken: Ct);
        Assert.Equal(first, again);
        Assert.Equal("auditor", first.Actor);

        var found = await _audit.QueryAuditAsync(new QueryAuditRequest
        {
            RecordId = record.Id,
            Action = "OperationFailed",
            From = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-5)),
        }, cancellationToken: Ct);
        Assert.Equal([first.Sequence], found.Events.Select(e => e.Sequence));
        var byActor = await _audit.QueryAuditAsync(new QueryAuditRequest { Actor = "auditor" }, cancellationToken: Ct);
        Assert.Single(byActor.Events);
    }

    [Fact]
    public async Task The_gateway_cannot_append_actions_the_vault_records_itself()
    {
        var before = await _audit.VerifyAuditChainAsync(new VerifyAuditChainRequest(), cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<RpcException>(() => _audit.AppendAuditEventAsync(new AppendAuditEventRequest
        {
            RequestId = MtlsVaultHost.NewId(),
            Action = "RotationCommitted",
            RecordId = "abc",
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(["action"], error.GetViolatedFields());
        var after = await _audit.VerifyAuditChainAsync(new VerifyAuditChainRequest(), cancellationToken: Ct);
        Assert.Equal(before.HeadSequence, after.HeadSequence);
    }

    [Fact]
    public async Task The_gateway_may_append_a_password_check_and_find_it_by_action()
    {
        var record = await _host.SeedRecordAsync(null);
        var appended = await _audit.AppendAuditEventAsync(new AppendAuditEventRequest
        {
            RequestId = MtlsVaultHost.NewId(),
            Action = "PasswordChecked",
            ListId = record.ListId,
            RecordId = record.Id,
            Detail = "candidate password checked: MISMATCH",
        }, cancellationToken: Ct);

        Assert.Equal("PasswordChecked", appended.Action);
        var found = await _audit.QueryAuditAsync(new QueryAuditRequest { RecordId = record.Id, Action = "PasswordChecked" },
            cancellationToken: Ct);
        Assert.Equal([appended.Sequence], found.Events.Select(e => e.Sequence));
        // Appended after every older action, so the numbers already stored for those actions keep their meaning.
        Assert.Equal(32, (int)PasswordSync.Vault.Model.AuditAction.PasswordChecked);
    }

    [Fact]
    public async Task Verify_returns_the_head_hash_of_the_last_event()
    {
        await _host.SeedRecordAsync(null);
        var appended = await _audit.AppendAuditEventAsync(new AppendAuditEventRequest
        {
            RequestId = MtlsVaultHost.NewId(),
            Action = "ApiKeyUsed",
            Detail = "key k1",
        }, cancellationToken: Ct);

        var verification = await _audit.VerifyAuditChainAsync(new VerifyAuditChainRequest(), cancellationToken: Ct);
        Assert.True(verification.Valid);
        Assert.False(verification.HasFirstInvalidSequence);
        Assert.Equal(appended.Sequence, verification.HeadSequence);
        Assert.Equal(appended.Hash, verification.HeadHash);
        Assert.Matches("^[0-9a-f]{64}$", verification.HeadHash);
    }

    [Fact]
    public async Task Query_with_unknown_action_or_reversed_range_is_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _audit.QueryAuditAsync(new QueryAuditRequest
        {
            Action = "Teleported",
            From = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)),
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(["action", "to"], error.GetViolatedFields());
    }
}
