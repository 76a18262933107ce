using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.KeyManagement;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Records;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Telemetry;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Rotations;

/// <summary>
/// The crash-safe rotation protocol's journal over gRPC (gateway only). Each call validates, seals what must be
/// sealed, and hands the store one atomic step that writes the change and its audit event together.
/// </summary>
internal sealed class RotationJournalEndpoint(
    IVaultStore store,
    IRecordCipher cipher,
    TimeProvider clock,
    ILogger<RotationJournalEndpoint> logger) : RotationJournal.RotationJournalBase
{
    private static readonly TimeSpan MinLease = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxLease = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);
    private const int MaxReasonLength = 1000;
    private const int MaxBatch = 500;

    public override async Task<RotationState> BeginRotation(BeginRotationRequest request, ServerCallContext context)
    {
        var rules = new InputRules();
        var lease = ValidateBegin(rules, "", request);
        rules.ThrowIfAny();
        var record = await store.Records.GetLiveAsync(request.RecordId, context.CancellationToken);
        var step = await PrepareBeginAsync(request, lease, context.GetCaller(), null,
            new Dictionary<string, PasswordRecord>(StringComparer.Ordinal) { [record.Id] = record },
            context.CancellationToken);
        var begun = await store.Rotations.BeginAsync(step.RequestId, step.RecordId, step.Pending, step.Audit,
            context.CancellationToken);
        RotationLog.Begun(logger, request.RotationId, begun.Id, step.Audit.Actor, request.Owner);
        VaultTelemetry.Transition("begun");
        return begun.ToRotationState();
    }

    public override async Task<BatchRotationsResponse> BeginRotations(BeginRotationsRequest request,
        ServerCallContext context)
    {
        var rules = new InputRules();
        var leases = request.Items.Select((item, i) => ValidateBegin(rules, $"items[{i}].", item)).ToList();
        var job = ValidateBatch(rules, request.Items.Count, request.JobId, request.JobOwner, "");
        rules.ThrowIfAny();
        var caller = context.GetCaller();
        var prepared = new List<(int Index, BatchBegin Step)>(request.Items.Count);
        var response = new BatchRotationsResponse();
        // A batch's records nearly always share one list: its reuse rule is read once per batch, not per record.
        var lists = new Dictionary<string, Model.PasswordList?>(StringComparer.Ordinal);
        var records = await ReadRecordsAsync(request.Items.Select(item => item.RecordId), context.CancellationToken);
        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            response.Results.Add(new BatchRotationResult { RecordId = item.RecordId, RotationId = item.RotationId });
            try
            {
                prepared.Add((i, await PrepareBeginAsync(item, leases[i], caller, lists, records,
                    context.CancellationToken)));
            }
            catch (Exception refused) when (refused is StoreException or RpcException)
            {
                response.Results[i].Error = BatchErrors.From(refused);
            }
        }

        var outcomes = await store.Rotations.BeginManyAsync(prepared.Select(p => p.Step).ToList(), job,
            context.CancellationToken);
        var begun = 0;
        for (var k = 0; k < prepared.Count; k++)
        {
            var (index, step) = prepared[k];
            Fill(response.Results[index], outcomes[k]);
            if (outcomes[k].Record is not null)
            {
                begun++;
                RotationLog.BegunInBatch(logger, step.Pending.RotationId, step.RecordId, caller.Actor,
                    step.Pending.Owner);
            }
        }

        VaultTelemetry.Transition("begun", begun);
        RotationLog.Batch(logger, request.Items.Count, caller.Actor, request.JobId, begun, "begun",
            request.Items.Count - begun);
        return response;
    }

    public override async Task<BatchRotationsResponse> CommitRotations(CommitRotationsRequest request,
        ServerCallContext context)
    {
        var rules = new InputRules();
        for (var i = 0; i < request.Items.Count; i++)
        {
            ValidateCommit(rules, $"items[{i}].", request.Items[i]);
        }

        var job = ValidateBatch(rules, request.Items.Count, request.JobId, request.JobOwner, request.JobItemDetail);
        rules.ThrowIfAny();
        var caller = context.GetCaller();
        var prepared = new List<(int Index, BatchCommit Step)>(request.Items.Count);
        var response = new BatchRotationsResponse();
        var records = await ReadRecordsAsync(request.Items.Select(item => item.RecordId), context.CancellationToken);
        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            response.Results.Add(new BatchRotationResult { RecordId = item.RecordId, RotationId = item.RotationId });
            try
            {
                prepared.Add((i, PrepareCommit(item, caller, Live(records, item.RecordId))));
            }
            catch (Exception refused) when (refused is StoreException or RpcException)
            {
                response.Results[i].Error = BatchErrors.From(refused);
            }
        }

        var outcomes = await store.Rotations.CommitManyAsync(prepared.Select(p => p.Step).ToList(), job,
            context.CancellationToken);
        var committed = 0;
        for (var k = 0; k < prepared.Count; k++)
        {
            var (index, step) = prepared[k];
            Fill(response.Results[index], outcomes[k]);
            if (outcomes[k].Record is not null)
            {
                committed++;
                RotationLog.CommittedInBatch(logger, step.RotationId, step.RecordId, caller.Actor);
            }
        }

        VaultTelemetry.Transition("committed", committed);
        RotationLog.Batch(logger, request.Items.Count, caller.Actor, request.JobId, committed, "committed",
            request.Items.Count - committed);
        return response;
    }

    private static TimeSpan ValidateBegin(InputRules rules, string prefix, BeginRotationRequest request)
    {
        rules
            .RequestId(prefix + "request_id", request.RequestId)
            .Id(prefix + "record_id", request.RecordId)
            .Id(prefix + "rotation_id", request.RotationId)
            .Password(prefix + "new_password", request.NewPassword)
            .Text(prefix + "owner", request.Owner, 128, required: true)
            .Duration(prefix + "lease", request.Lease, MinLease, MaxLease, out var lease)
            .Text(prefix + "reason", request.Reason, 256);
        return lease;
    }

    private static void ValidateCommit(InputRules rules, string prefix, CommitRotationRequest request) =>
        rules
            .RequestId(prefix + "request_id", request.RequestId)
            .Id(prefix + "record_id", request.RecordId)
            .Id(prefix + "rotation_id", request.RotationId)
            .Text(prefix + "directory_password_last_set", request.DirectoryPasswordLastSet, 64);

    /// <summary>The batch's own fields; the job note when a job is named.</summary>
    private static JobItemNote? ValidateBatch(InputRules rules, int count, string jobId, string jobOwner,
        string detail)
    {
        if (count is 0 or > MaxBatch)
        {
            rules.Add("items", $"must hold between 1 and {MaxBatch} items");
        }

        rules.Id("job_id", jobId, required: false)
            .Text("job_owner", jobOwner, 128, required: jobId.Length > 0)
            .Text("job_item_detail", detail, MaxReasonLength);
        return jobId.Length > 0 ? new JobItemNote(jobId, jobOwner, detail.Length > 0 ? detail : "Rotated.") : null;
    }

    private static void Fill(BatchRotationResult result, BatchOutcome outcome)
    {
        if (outcome.Record is { } record)
        {
            result.State = record.ToRotationState();
            result.JobItemUpdated = outcome.JobItemUpdated;
        }
        else
        {
            result.Error = BatchErrors.From(outcome.Error!);
        }
    }

    /// <summary>What a begin stores for <paramref name="request"/> (validated): the list's reuse rule, the sealed password.</summary>
    private async Task<BatchBegin> PrepareBeginAsync(BeginRotationRequest request, TimeSpan lease, Caller caller,
        Dictionary<string, Model.PasswordList?>? lists, IReadOnlyDictionary<string, PasswordRecord> records,
        CancellationToken cancellationToken)
    {
        var record = Live(records, request.RecordId);
        if (record.Pending?.RotationId != request.RotationId)
        {
            // Not a retry of this very begin (which must return its first result): apply the list's reuse rule.
            if (lists is null || !lists.TryGetValue(record.ListId, out var list))
            {
                list = await store.Lists.GetAsync(record.ListId, cancellationToken);
                lists?.Add(record.ListId, list);
            }

            if (list is not null && await PasswordReuse.IsReusedAsync(store, cipher, record, list.PreventReuseCount,
                    request.NewPassword, cancellationToken))
            {
                throw PasswordReuse.Refused(record.Id, list.PreventReuseCount);
            }
        }

        var now = clock.GetUtcNow();
        var pending = new PendingRotation
        {
            RotationId = request.RotationId,
            SealedPassword = cipher.Seal(record.DataKey, record.Id, RecordFields.PendingPassword, request.NewPassword),
            Owner = request.Owner,
            LeaseExpiresAt = now + lease,
            StartedAt = now,
            Reason = request.Reason,
            Actor = caller.Actor,
        };
        return new BatchBegin(request.RequestId, record.Id, pending,
            Audit(AuditAction.RotationBegun, caller, record, $"rotation {request.RotationId}, owner {request.Owner}"));
    }

    public override async Task<RotationState> CommitRotation(CommitRotationRequest request, ServerCallContext context)
    {
        var rules = new InputRules();
        ValidateCommit(rules, "", request);
        rules.ThrowIfAny();
        var caller = context.GetCaller();
        var step = PrepareCommit(request, caller,
            await store.Records.GetLiveAsync(request.RecordId, context.CancellationToken));
        var committed = await store.Rotations.CommitAsync(step.RequestId, step.RecordId, step.RotationId, step.Commit,
            step.Audit, context.CancellationToken);
        RotationLog.Committed(logger, request.RotationId, committed.Id, caller.Actor);
        VaultTelemetry.Transition("committed");
        return committed.ToRotationState();
    }

    /// <summary>What a commit stores for <paramref name="request"/> (validated): the pending password re-sealed as current.</summary>
    private BatchCommit PrepareCommit(CommitRotationRequest request, Caller caller, PasswordRecord record)
    {
        var now = clock.GetUtcNow();
        var commit = record.Pending?.RotationId == request.RotationId
            ? Reseal(record, record.Pending, caller, request.DirectoryPasswordLastSet, now)
            // Not (or no longer) this rotation: a retry of a commit that already happened gets its first result from
            // the store's request-id memory; anything else is refused by the store's rotation-id check. The empty
            // commit can never be stored, because the store stores only for the matching rotation id.
            : new RotationCommit([], null, request.DirectoryPasswordLastSet, now);
        return new BatchCommit(request.RequestId, record.Id, request.RotationId, commit,
            Audit(AuditAction.RotationCommitted, caller, record, $"rotation {request.RotationId}"));
    }

    public override async Task<RotationState> AbortRotation(AbortRotationRequest request, ServerCallContext context)
    {
        new InputRules()
            .RequestId("request_id", request.RequestId)
            .Id("record_id", request.RecordId)
            .Id("rotation_id", request.RotationId)
            .Text("reason", request.Reason, MaxReasonLength, required: true)
            .ThrowIfAny();
        var caller = context.GetCaller();
        var record = await store.Records.GetLiveAsync(request.RecordId, context.CancellationToken);
        var aborted = await store.Rotations.AbortAsync(request.RequestId, record.Id, request.RotationId,
            request.Reason, Audit(AuditAction.RotationAborted, caller, record,
                $"rotation {request.RotationId}: {request.Reason}"),
            context.CancellationToken);
        RotationLog.Aborted(logger, request.RotationId, record.Id, caller.Actor);
        VaultTelemetry.Transition("aborted");
        return aborted.ToRotationState();
    }

    public override async Task<ClaimRotationResponse> ClaimRotation(ClaimRotationRequest request,
        ServerCallContext context)
    {
        new InputRules()
            .Id("record_id", request.RecordId)
            .Text("new_owner", request.NewOwner, 128, required: true)
            .Duration("lease", request.Lease, MinLease, MaxLease, out var lease)
            .ThrowIfAny();
        var caller = context.GetCaller();
        var record = await store.Records.GetLiveAsync(request.RecordId, context.CancellationToken);
        var now = clock.GetUtcNow();
        var claimed = await store.Rotations.ClaimAsync(record.Id, request.NewOwner, now, now + lease,
            Audit(AuditAction.RotationClaimed, caller, record,
                $"rotation {record.Pending?.RotationId}, new owner {request.NewOwner}"),
            context.CancellationToken);
        RotationLog.Claimed(logger, record.Id, request.NewOwner, claimed is not null);
        var state = claimed ?? await store.Records.GetLiveAsync(record.Id, context.CancellationToken);
        return new ClaimRotationResponse { Claimed = claimed is not null, State = state.ToRotationState() };
    }

    public override async Task<RotationState> RenewRotationLease(RenewRotationLeaseRequest request,
        ServerCallContext context)
    {
        new InputRules()
            .Id("record_id", request.RecordId)
            .Id("rotation_id", request.RotationId)
            .Text("owner", request.Owner, 128, required: true)
            .Duration("lease", request.Lease, MinLease, MaxLease, out var lease)
            .ThrowIfAny();
        var renewed = await store.Rotations.RenewLeaseAsync(request.RecordId, request.RotationId, request.Owner,
            clock.GetUtcNow() + lease, context.CancellationToken);
        return renewed.ToRotationState();
    }

    public override async Task<RotationState> MarkOutOfSync(MarkOutOfSyncRequest request, ServerCallContext context)
    {
        new InputRules()
            .Id("record_id", request.RecordId)
            .Id("rotation_id", request.RotationId)
            .Text("reason", request.Reason, MaxReasonLength, required: true)
            .Duration("retry_after", request.RetryAfter, MinLease, MaxRetryAfter, out var retryAfter)
            .ThrowIfAny();
        var caller = context.GetCaller();
        var record = await store.Records.GetLiveAsync(request.RecordId, context.CancellationToken);
        var marked = await store.Rotations.MarkOutOfSyncAsync(record.Id, request.RotationId, request.Reason,
            clock.GetUtcNow() + retryAfter,
            Audit(AuditAction.RotationMarkedOutOfSync, caller, record,
                $"rotation {request.RotationId}: {request.Reason}"),
            context.CancellationToken);
        RotationLog.MarkedOutOfSync(logger, record.Id, request.RotationId, caller.Actor);
        VaultTelemetry.Transition("marked_out_of_sync");
        return marked.ToRotationState();
    }

    public override async Task<ListPendingRotationsResponse> ListPendingRotations(ListPendingRotationsRequest request,
        ServerCallContext context)
    {
        var page = await store.Rotations.ListPendingAsync(request.ExpiredOnly ? clock.GetUtcNow() : null,
            new PageRequest(request.PageSize, NullIfEmpty(request.PageToken)), context.CancellationToken);
        var response = new ListPendingRotationsResponse { NextPageToken = page.NextPageToken };
        response.Rotations.AddRange(page.Items.Select(r => r.ToRotationState()));
        return response;
    }

    /// <summary>The pending password re-sealed as the current one, and the previous current as a history entry.</summary>
    private RotationCommit Reseal(PasswordRecord record, PendingRotation pending, Caller caller,
        string directoryPasswordLastSet, DateTimeOffset now)
    {
        // One unwrapping of the record's data key for the two values opened and the two sealed.
        using var owner = cipher.ForOwner(record.DataKey, record.Id);
        var newPassword = Unsealing.Open(() => owner.Open(RecordFields.PendingPassword, pending.SealedPassword));
        PasswordHistoryEntry? previous = null;
        if (record.SealedPassword is { } currentSealed)
        {
            // Time-ordered (version 7): history ids are a unique index, and ids made in order land on the index's last
            // pages instead of on a random page each (a bulk rotation writes a few pages per batch, not one per record).
            var entryId = Guid.CreateVersion7().ToString("N");
            var current = Unsealing.Open(() => owner.Open(RecordFields.Password, currentSealed));
            previous = new PasswordHistoryEntry
            {
                Id = entryId,
                RecordId = record.Id,
                SealedPassword = owner.Seal(RecordFields.History(entryId), current),
                ReplacedAt = now,
                ChangedBy = caller.Actor,
                Reason = $"rotation {pending.RotationId}",
            };
        }

        return new RotationCommit(owner.Seal(RecordFields.Password, newPassword), previous, directoryPasswordLastSet,
            now);
    }

    private static AuditDraft Audit(AuditAction action, Caller caller, PasswordRecord record, string detail) => new()
    {
        Action = action,
        Actor = caller.Actor,
        ListId = record.ListId,
        RecordId = record.Id,
        Detail = detail,
    };

    /// <summary>
    /// A batch's records in one read (one statement), instead of one read per item. Only what the store will check
    /// again inside its write transaction is decided from them; a record missing here is refused as NotFound.
    /// </summary>
    private async Task<Dictionary<string, PasswordRecord>> ReadRecordsAsync(IEnumerable<string> ids,
        CancellationToken cancellationToken)
    {
        var found = await store.Records.GetManyAsync(ids.Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        return found.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>The record, or NotFound when it does not exist or is deleted (as <see cref="LiveRecords"/>).</summary>
    private static PasswordRecord Live(IReadOnlyDictionary<string, PasswordRecord> records, string recordId) =>
        records.TryGetValue(recordId, out var record) && record.DeletedAt is null
            ? record
            : throw RpcErrors.NotFound("Record", recordId);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
