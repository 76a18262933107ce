using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Rotations;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Security;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.Rotations;

/// <summary>The crash-safe protocol's journal through a real mTLS channel, checked against the store afterwards.</summary>
public sealed class RotationJournalTests : IAsyncLifetime
{
    private const string OldPassword = "Old-Pa55word!journal";
    private const string NewPassword = "New-Pa55word!journal";
    private MtlsVaultHost _host = null!;
    private RotationJournal.RotationJournalClient _journal = null!;

    public ValueTask InitializeAsync()
    {
        _host = MtlsVaultHost.Start();
        _journal = new RotationJournal.RotationJournalClient(_host.AsGateway("rotation-tester"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _host.Logs.AssertContainsNone(OldPassword, NewPassword, "Fresh-Pa55word!", "Other-Pa55word!");
        await _host.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Begin_then_commit_makes_the_pending_password_current_and_keeps_the_old_one_in_history()
    {
        var record = await _host.SeedRecordAsync(OldPassword);
        var rotationId = MtlsVaultHost.NewId();

        var begun = await _journal.BeginRotationAsync(Begin(record.Id, rotationId), cancellationToken: Ct);
        Assert.Equal(rotationId, begun.Pending.RotationId);
        Assert.Equal("gateway-1", begun.Pending.Owner);
        Assert.Equal("rotation-tester", begun.Pending.Actor);
        var pending = (await _host.ReadRecordAsync(record.Id)).Pending!;
        Assert.Equal(NewPassword, _host.Cipher.Open(record.DataKey, record.Id, RecordFields.PendingPassword,
            pending.SealedPassword));
        Assert.False(Contains(pending.SealedPassword, NewPassword));

        var committed = await _journal.CommitRotationAsync(new CommitRotationRequest
        {
            RequestId = "commit-" + rotationId,
            RecordId = record.Id,
            RotationId = rotationId,
            DirectoryPasswordLastSet = "133800000000000000",
        }, cancellationToken: Ct);

        Assert.Null(committed.Pending);
        Assert.Equal(RecordSyncStatus.InSync, committed.SyncState);
        Assert.Equal("133800000000000000", committed.DirectoryPasswordLastSet);
        var stored = await _host.ReadRecordAsync(record.Id);
        Assert.Equal(NewPassword, _host.OpenCurrentPassword(stored));
        var history = Assert.Single((await _host.Store.Records.GetHistoryAsync(record.Id,
            PageRequest.First(), Ct)).Items);
        Assert.Equal(OldPassword, _host.Cipher.Open(stored.DataKey, record.Id, RecordFields.History(history.Id),
            history.SealedPassword));
        Assert.Equal("rotation-tester", history.ChangedBy);

        var actions = (await _host.AuditOfRecordAsync(record.Id)).Select(e => (e.Action, e.Actor)).ToList();
        Assert.Contains((AuditAction.RotationBegun, "rotation-tester"), actions);
        Assert.Contains((AuditAction.RotationCommitted, "rotation-tester"), actions);
    }

    [Fact]
    public async Task Repeated_begin_and_commit_return_the_first_result()
    {
        var record = await _host.SeedRecordAsync(OldPassword);
        var rotationId = MtlsVaultHost.NewId();
        var first = await _journal.BeginRotationAsync(Begin(record.Id, rotationId), cancellationToken: Ct);
        var again = await _journal.BeginRotationAsync(Begin(record.Id, rotationId), cancellationToken: Ct);
        Assert.Equal(first, again);

        var commit = new CommitRotationRequest { RequestId = "c-" + rotationId, RecordId = record.Id, RotationId = rotationId };
        var committed = await _journal.CommitRotationAsync(commit, cancellationToken: Ct);
        var retried = await _journal.CommitRotationAsync(commit, cancellationToken: Ct);
        Assert.Equal(committed, retried);
        Assert.Single((await _host.Store.Records.GetHistoryAsync(record.Id, PageRequest.First(), Ct)).Items);
        Assert.Equal(NewPassword, _host.OpenCurrentPassword(await _host.ReadRecordAsync(record.Id)));
    }

    [Fact]
    public async Task A_second_rotation_while_one_is_pending_is_refused()
    {
        var record = await _host.SeedRecordAsync(OldPassword);
        var rotationId = MtlsVaultHost.NewId();
        await _journal.BeginRotationAsync(Begin(record.Id, rotationId), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<RpcException>(() => _journal.BeginRotationAsync(
            Begin(record.Id, MtlsVaultHost.NewId(), password: "Other-Pa55word!"), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("ROTATION_PENDING", error.GetReason());
        Assert.Equal(rotationId, (await _host.ReadRecordAsync(record.Id)).Pending!.RotationId);
    }

    [Fact]
    public async Task Commit_or_abort_with_another_rotation_id_is_refused_and_changes_nothing()
    {
        var record = await _host.SeedRecordAsync(OldPassword);
        var rotationId = MtlsVaultHost.NewId();
        await _journal.BeginRotationAsync(Begin(record.Id, rotationId), cancellationToken: Ct);
        var before = await _host.ReadRecordAsync(record.Id);

        var commit = await Assert.ThrowsAsync<RpcException>(() => _journal.CommitRotationAsync(new CommitRotationRequest
        {
            RequestId = MtlsVaultHost.NewId(),
            RecordId = record.Id,
            RotationId = "someone-elses",
        }, cancellationToken: Ct).ResponseAsync);
        var abort = await Assert.ThrowsAsync<RpcException>(() => _journal.AbortRotationAsync(new AbortRotationRequest
        {
            RequestId = MtlsVaultHost.NewId(),
            RecordId = record.Id,
            RotationId = "someone-elses",
            Reason = "x",
        }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal("ROTATION_MISMATCH", commit.GetReason());
        Assert.Equal(StatusCode.FailedPrecondition, abort.StatusCode);
        var after = await _host.ReadRecordAsync(record.Id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(OldPassword, _host.OpenCurrentPassword(after));
        Assert.Equal(rotationId, after.Pending!.RotationId);
    }

    [Fact]
    public async Task Abort_drops_the_pending_password_keeps_the_current_one_and_the_reason()
    {
        var record = await _host.SeedRecordAsync(OldPassword);
        var rotationId = MtlsVaultHost.NewId();
        await _journal.BeginRotationAsync(Begin(record.Id, rotationId), cancellationToken: Ct);

        var aborted = await _journal.AbortRotationAsync(new AbortRotationRequest
        {
            RequestId = MtlsVaultHost.NewId(),
            RecordId = record.Id,
            RotationId = rotationId,
            Reason = "PASSWORD_POLICY: the directory refused the password (too short)",
        }, cancellationToken: Ct);

        Assert.Null(aborted.Pending);
        Assert.Contains("PASSWORD_POLICY", aborted.SyncReason, StringComparison.Ordinal);
        var stored = await _host.ReadRecordAsync(record.Id);
        Assert.Null(stored.Pending);
        Assert.Equal(OldPassword, _host.OpenCurrentPassword(stored));
    }

    [Fact]
    public async Task Two_concurrent_claims_of_an_expired_rotation_have_one_winner()
    {
        var record = await _host.SeedRecordAsync(OldPassword);
        var rotationId = MtlsVaultHost.NewId();
        await _journal.BeginRotationAsync(Begin(record.Id, rotationId, lease: 1), cancellationToken: Ct);

        var early = await _journal.ClaimRotationAsync(Claim(record.Id, "reconciler-a"), cancellationToken: Ct);
        Assert.False(early.Claimed);
        await Task.Delay(TimeSpan.FromMilliseconds(1200), Ct);

        var claims = await Task.WhenAll(
            _journal.ClaimRotationAsync(Claim(record.Id, "reconciler-a"), cancellationToken: Ct).ResponseAsync,
            _journal.ClaimRotationAsync(Claim(record.Id, "reconciler-b"), cancellationToken: Ct).ResponseAsync);

        var winner = Assert.Single(claims, c => c.Claimed);
        var stored = await _host.ReadRecordAsync(record.Id);
        Assert.Equal(winner.State.Pending.Owner, stored.Pending!.Owner);
        Assert.Equal(1, stored.Pending.ClaimCount);
        Assert.Equal(rotationId, stored.Pending.RotationId);
    }

    [Fact]
    public async Task Renew_lease_mark_out_of_sync_and_list_pending()
    {
        var record = await _host.SeedRecordAsync(OldPassword);
        var rotationId = MtlsVaultHost.NewId();
        var begun = await _journal.BeginRotationAsync(Begin(record.Id, rotationId, lease: 5), cancellationToken: Ct);

        var renewed = await _journal.RenewRotationLeaseAsync(new RenewRotationLeaseRequest
        {
            RecordId = record.Id,
            RotationId = rotationId,
            Owner = "gateway-1",
            Lease = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
        }, cancellationToken: Ct);
        Assert.True(renewed.Pending.LeaseExpiresAt.ToDateTimeOffset() > begun.Pending.LeaseExpiresAt.ToDateTimeOffset());

        var stranger = await Assert.ThrowsAsync<RpcException>(() => _journal.RenewRotationLeaseAsync(
            new RenewRotationLeaseRequest
            {
                RecordId = record.Id,
                RotationId = rotationId,
                Owner = "gateway-2",
                Lease = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)),
            }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, stranger.StatusCode);

        var pending = await _journal.ListPendingRotationsAsync(new ListPendingRotationsRequest(), cancellationToken: Ct);
        Assert.Contains(pending.Rotations, r => r.RecordId == record.Id);
        var expired = await _journal.ListPendingRotationsAsync(new ListPendingRotationsRequest { ExpiredOnly = true },
            cancellationToken: Ct);
        Assert.DoesNotContain(expired.Rotations, r => r.RecordId == record.Id);

        var marked = await _journal.MarkOutOfSyncAsync(new MarkOutOfSyncRequest
        {
            RecordId = record.Id,
            RotationId = rotationId,
            Reason = "neither password proven",
            RetryAfter = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)),
        }, cancellationToken: Ct);
        Assert.Equal(RecordSyncStatus.OutOfSync, marked.SyncState);
        var stored = await _host.ReadRecordAsync(record.Id);
        Assert.NotNull(stored.Pending);
        Assert.Equal(OldPassword, _host.OpenCurrentPassword(stored));
    }

    [Fact]
    public async Task Invalid_begin_names_every_bad_field_and_leaves_the_record_untouched()
    {
        var record = await _host.SeedRecordAsync(OldPassword);
        var error = await Assert.ThrowsAsync<RpcException>(() => _journal.BeginRotationAsync(new BeginRotationRequest
        {
            RequestId = "",
            RecordId = record.Id,
            RotationId = "bad id!",
            NewPassword = "line1\nline2-" + NewPassword,
            Owner = "",
            Lease = Duration.FromTimeSpan(TimeSpan.Zero),
        }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["request_id", "rotation_id", "new_password", "owner", "lease"], error.GetViolatedFields());
        Assert.DoesNotContain(NewPassword, error.Status.Detail, StringComparison.Ordinal);
        var stored = await _host.ReadRecordAsync(record.Id);
        Assert.Null(stored.Pending);
        Assert.Equal(record.Version, stored.Version);
    }

    [Fact]
    public async Task Begin_with_the_current_or_a_recent_password_is_refused_when_the_list_prevents_reuse()
    {
        var record = await _host.SeedRecordAsync(OldPassword, preventReuseCount: 3);
        var rotationId = MtlsVaultHost.NewId();
        await _journal.BeginRotationAsync(Begin(record.Id, rotationId), cancellationToken: Ct);
        await _journal.CommitRotationAsync(new CommitRotationRequest
        {
            RequestId = MtlsVaultHost.NewId(),
            RecordId = record.Id,
            RotationId = rotationId,
        }, cancellationToken: Ct);
        var before = await _host.ReadRecordAsync(record.Id);

        foreach (var reused in new[] { NewPassword, OldPassword })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => _journal.BeginRotationAsync(
                Begin(record.Id, MtlsVaultHost.NewId(), reused), cancellationToken: Ct).ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
            Assert.Equal("PASSWORD_REUSED", error.GetReason());
            Assert.DoesNotContain(reused, error.Status.Detail, StringComparison.Ordinal);
        }

        var after = await _host.ReadRecordAsync(record.Id);
        Assert.Null(after.Pending);
        Assert.Equal(before.Version, after.Version);
        var fresh = await _journal.BeginRotationAsync(Begin(record.Id, MtlsVaultHost.NewId(), "Fresh-Pa55word!"),
            cancellationToken: Ct);
        Assert.NotNull(fresh.Pending);
    }

    [Fact]
    public async Task Begin_on_an_unknown_record_is_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _journal.BeginRotationAsync(
            Begin("no-such-record", MtlsVaultHost.NewId()), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    private static BeginRotationRequest Begin(string recordId, string rotationId, string password = NewPassword,
        int lease = 60) => new()
        {
            RequestId = "begin-" + rotationId,
            RecordId = recordId,
            RotationId = rotationId,
            NewPassword = password,
            Owner = "gateway-1",
            Lease = Duration.FromTimeSpan(TimeSpan.FromSeconds(lease)),
            Reason = "save-and-sync",
        };

    private static ClaimRotationRequest Claim(string recordId, string owner) => new()
    {
        RecordId = recordId,
        NewOwner = owner,
        Lease = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)),
    };

    private static bool Contains(byte[] haystack, string secret) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0;
}
