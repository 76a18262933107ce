using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Lists;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;
using PasswordSync.Vault.Validation;
using ModelHistoryEntry = PasswordSync.Vault.Model.PasswordHistoryEntry;
using ModelRecord = PasswordSync.Vault.Model.PasswordRecord;
using ProtoRecord = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Vault.Records;

/// <summary>
/// gRPC password records. Passwords enter through create and set-password (sealed before they reach the store) and
/// leave only through the audited reveal calls; every other reply carries has_password instead.
/// </summary>
internal sealed class RecordsService(
    IVaultStore store,
    RecordSecrets secrets,
    IRecordCipher cipher,
    TimeProvider time,
    IOptions<RecordRetentionOptions> retention,
    ILogger<RecordsService> logger) : PasswordRecords.PasswordRecordsBase
{
    // History is read page by page when looking for one entry; bounded so a corrupt chain of tokens cannot loop.
    private const int MaxHistoryPages = 100;

    public override async Task<ProtoRecord> CreateRecord(CreateRecordRequest request, ServerCallContext context)
    {
        var actor = context.GetCaller().Actor;
        var input = request.Record ?? new ProtoRecord();
        var list = await ListsService.RequireListAsync(store, "record.list_id", input.ListId, context.CancellationToken);

        var now = time.GetUtcNow();
        var id = Ids.NewId();
        var empty = new ModelRecord { Id = id, ListId = list.Id, DataKey = secrets.NewDataKey(id), CreatedAt = now, UpdatedAt = now };
        var violations = new Violations();
        var record = RecordInput.Apply(empty, input, RecordInput.AllPaths, list, violations);
        PasswordRules.Password(violations, "initial_password", request.InitialPassword, required: false);
        violations.ThrowIfAny();

        if (request.InitialPassword.Length > 0)
        {
            record = record with { SealedPassword = secrets.SealPassword(record, request.InitialPassword), PasswordChangedAt = now };
        }

        var created = await store.Records.CreateAsync(record,
            Audit(AuditAction.RecordCreated, actor, record, record.SealedPassword is null
                ? "Record created without a password."
                : "Record created with a password."),
            context.CancellationToken);
        return RecordMapping.ToProto(created);
    }

    public override async Task<ProtoRecord> GetRecord(GetRecordRequest request, ServerCallContext context)
    {
        Ids.Require("id", request.Id);
        var record = await store.Records.GetAsync(request.Id, context.CancellationToken)
            ?? throw RpcErrors.NotFound("Record", request.Id);
        return RecordMapping.ToProto(record);
    }

    public override async Task<BatchGetRecordsResponse> BatchGetRecords(BatchGetRecordsRequest request,
        ServerCallContext context)
    {
        var ids = RecordBatchRequest.Validate(request);
        var found = (await store.Records.GetManyAsync(ids, context.CancellationToken))
            .ToDictionary(record => record.Id, StringComparer.Ordinal);
        var response = new BatchGetRecordsResponse();
        response.Records.AddRange(ids.Where(found.ContainsKey).Select(id => RecordMapping.ToProto(found[id])));
        return response;
    }

    public override async Task<SearchRecordsResponse> SearchRecords(SearchRecordsRequest request,
        ServerCallContext context)
    {
        var violations = new Violations();
        TextRules.SingleLine(violations, "title", request.Title, RecordInput.MaxTitleLength, required: false);
        TextRules.SingleLine(violations, "user_name", request.UserName, UserName.MaxLength, required: false);
        TextRules.SingleLine(violations, "domain_or_host", request.DomainOrHost, RecordInput.MaxGenericValueLength,
            required: false);
        violations.ThrowIfAny();
        var list = await ListsService.RequireListAsync(store, "list_id", request.ListId, context.CancellationToken);

        var query = new RecordQuery(list.Id, NullIfEmpty(request.Title), NullIfEmpty(request.UserName),
            NullIfEmpty(request.DomainOrHost), request.IncludeDeleted, request.OnlyDeleted);
        var page = await store.Records.SearchAsync(query, new PageRequest(request.PageSize, request.PageToken),
            context.CancellationToken);
        var response = new SearchRecordsResponse { NextPageToken = page.NextPageToken };
        response.Records.AddRange(page.Items.Select(RecordMapping.ToProto));
        return response;
    }

    public override async Task<ProtoRecord> UpdateRecord(UpdateRecordRequest request, ServerCallContext context)
    {
        var actor = context.GetCaller().Actor;
        var input = request.Record ?? new ProtoRecord();
        var violations = new Violations();
        Ids.Require(violations, "record.id", input.Id);
        var paths = UpdateMasks.Paths(request.UpdateMask, RecordInput.IsKnownPath, RecordInput.KnownPathsText,
            violations);
        violations.ThrowIfAny();

        var current = await RequireLiveRecordAsync("record.id", input.Id, context.CancellationToken);
        RequireVersion(current, input.Version);
        var list = await ListsService.RequireListAsync(store, "record.list_id", current.ListId, context.CancellationToken);
        var updated = RecordInput.Apply(current, input, paths, list, violations) with { UpdatedAt = time.GetUtcNow() };
        violations.ThrowIfAny();

        var saved = await store.Records.UpdateFieldsAsync(updated, input.Version,
            Audit(AuditAction.RecordUpdated, actor, current, "Changed: " + string.Join(", ", paths) + "."),
            context.CancellationToken);
        return RecordMapping.ToProto(saved);
    }

    public override async Task<ProtoRecord> SetPassword(SetPasswordRequest request, ServerCallContext context)
    {
        var actor = context.GetCaller().Actor;
        var violations = new Violations();
        Ids.Require(violations, "id", request.Id);
        PasswordRules.Password(violations, "password", request.Password, required: true);
        PasswordRules.Reason(violations, "reason", request.Reason, required: false);
        violations.ThrowIfAny();

        var record = await RequireLiveRecordAsync("id", request.Id, context.CancellationToken);
        RequireVersion(record, request.Version);
        var list = await ListsService.RequireListAsync(store, "id", record.ListId, context.CancellationToken);
        await RefuseReuseAsync(record, list.PreventReuseCount, request.Password, context.CancellationToken);

        var now = time.GetUtcNow();
        var reason = request.Reason.Length > 0 ? request.Reason : "Set by a user.";
        ModelHistoryEntry? previous = null;
        if (record.SealedPassword is not null)
        {
            var entryId = Ids.NewId();
            previous = new ModelHistoryEntry
            {
                Id = entryId,
                RecordId = record.Id,
                SealedPassword = secrets.SealHistory(record, entryId, secrets.OpenPassword(record)),
                ReplacedAt = now,
                ChangedBy = actor,
                Reason = reason,
            };
        }

        var saved = await store.Records.SetPasswordAsync(record.Id, request.Version,
            secrets.SealPassword(record, request.Password), previous, now,
            Audit(AuditAction.PasswordChanged, actor, record, "Password set by a user. Reason: " + reason),
            context.CancellationToken);
        RecordsLog.PasswordSet(logger, record.Id, actor);
        return RecordMapping.ToProto(saved);
    }

    public override async Task<ProtoRecord> DeleteRecord(DeleteRecordRequest request, ServerCallContext context)
    {
        var actor = context.GetCaller().Actor;
        var record = await RequireLiveRecordAsync("id", request.Id, context.CancellationToken);
        var deleted = await store.Records.DeleteAsync(record.Id, request.Version, time.GetUtcNow(),
            Audit(AuditAction.RecordDeleted, actor, record,
                $"Record deleted; restorable for {retention.Value.DeletedRetention.TotalDays:0.##} days."),
            context.CancellationToken);
        return RecordMapping.ToProto(deleted);
    }

    public override async Task<ProtoRecord> RestoreRecord(RestoreRecordRequest request, ServerCallContext context)
    {
        var actor = context.GetCaller().Actor;
        Ids.Require("id", request.Id);
        var record = await store.Records.GetAsync(request.Id, context.CancellationToken)
            ?? throw RpcErrors.NotFound("Record", request.Id);
        var restorableSince = time.GetUtcNow() - retention.Value.DeletedRetention;
        if (record.DeletedAt is { } deletedAt && deletedAt < restorableSince)
        {
            // Said here rather than left to the store, so the caller learns why and since when.
            throw RpcErrors.Create(StatusCode.FailedPrecondition, Reason.InvalidArgument,
                $"Record '{record.Id}' was deleted on {deletedAt:yyyy-MM-dd HH:mm} UTC, longer ago than the "
                + $"{retention.Value.DeletedRetention.TotalDays:0.##}-day retention: it can no longer be restored.");
        }

        var restored = await store.Records.RestoreAsync(record.Id, request.Version, restorableSince,
            Audit(AuditAction.RecordRestored, actor, record, "Record restored."), context.CancellationToken);
        return RecordMapping.ToProto(restored);
    }

    public override async Task<RevealPasswordResponse> RevealPassword(RevealPasswordRequest request,
        ServerCallContext context)
    {
        var actor = context.GetCaller().Actor;
        var violations = new Violations();
        Ids.Require(violations, "id", request.Id);
        PasswordRules.Reason(violations, "reason", request.Reason, required: true);
        violations.ThrowIfAny();

        var record = await RequireLiveRecordAsync("id", request.Id, context.CancellationToken);
        if (record.SealedPassword is null)
        {
            throw RpcErrors.Create(StatusCode.FailedPrecondition, Reason.InvalidArgument,
                $"Record '{record.Id}' has no password yet: set one first.");
        }

        var password = secrets.OpenPassword(record);
        // Audited before the password leaves: if the audit write fails, nothing is revealed.
        await store.Audit.AppendAsync(null,
            Audit(AuditAction.PasswordRevealed, actor, record, "Reason: " + request.Reason), context.CancellationToken);
        RecordsLog.PasswordRevealed(logger, record.Id, actor);
        return new RevealPasswordResponse
        {
            Password = password,
            PasswordChangeTime = record.PasswordChangedAt is { } changedAt ? Timestamp.FromDateTimeOffset(changedAt) : null,
        };
    }

    public override async Task<GetPasswordHistoryResponse> GetPasswordHistory(GetPasswordHistoryRequest request,
        ServerCallContext context)
    {
        var record = await RequireLiveRecordAsync("record_id", request.RecordId, context.CancellationToken);
        var page = await store.Records.GetHistoryAsync(record.Id, new PageRequest(request.PageSize, request.PageToken),
            context.CancellationToken);
        var response = new GetPasswordHistoryResponse { NextPageToken = page.NextPageToken };
        response.Entries.AddRange(page.Items.Select(RecordMapping.ToProto));
        return response;
    }

    public override async Task<RevealPasswordResponse> RevealHistoryEntry(RevealHistoryEntryRequest request,
        ServerCallContext context)
    {
        var actor = context.GetCaller().Actor;
        var violations = new Violations();
        Ids.Require(violations, "record_id", request.RecordId);
        Ids.Require(violations, "entry_id", request.EntryId);
        PasswordRules.Reason(violations, "reason", request.Reason, required: true);
        violations.ThrowIfAny();

        var record = await RequireLiveRecordAsync("record_id", request.RecordId, context.CancellationToken);
        var entry = await FindHistoryEntryAsync(record.Id, request.EntryId, context.CancellationToken)
            ?? throw RpcErrors.NotFound("History entry", request.EntryId);
        var password = secrets.OpenHistory(record, entry);
        await store.Audit.AppendAsync(null,
            Audit(AuditAction.HistoryRevealed, actor, record, $"History entry {entry.Id}. Reason: {request.Reason}"),
            context.CancellationToken);
        RecordsLog.HistoryRevealed(logger, record.Id, entry.Id, actor);
        return new RevealPasswordResponse { Password = password, PasswordChangeTime = Timestamp.FromDateTimeOffset(entry.ReplacedAt) };
    }

    /// <summary>
    /// Refuses a password equal to one of the record's last <paramref name="count"/> passwords, the current one
    /// included. Compared by opening the sealed values: they are encrypted with random nonces, so equal passwords
    /// never have equal ciphertexts.
    /// </summary>
    private async Task RefuseReuseAsync(ModelRecord record, int count, string password,
        CancellationToken cancellationToken)
    {
        if (await PasswordReuse.IsReusedAsync(store, cipher, record, count, password, cancellationToken))
        {
            RecordsLog.PasswordReuseRefused(logger, record.Id, count);
            throw PasswordReuse.Refused(record.Id, count);
        }
    }

    private async Task<ModelHistoryEntry?> FindHistoryEntryAsync(string recordId, string entryId,
        CancellationToken cancellationToken)
    {
        string? token = null;
        for (var pages = 0; pages < MaxHistoryPages; pages++)
        {
            var page = await store.Records.GetHistoryAsync(recordId, new PageRequest(PageRequest.MaxSize, token),
                cancellationToken);
            if (page.Items.FirstOrDefault(e => e.Id == entryId) is { } entry)
            {
                return entry;
            }

            if (page.NextPageToken.Length == 0)
            {
                return null;
            }

            token = page.NextPageToken;
        }

        return null;
    }

    /// <summary>The record when it exists and is not deleted; NotFound otherwise (deleted records are only restorable).</summary>
    private async Task<ModelRecord> RequireLiveRecordAsync(string field, string id, CancellationToken cancellationToken)
    {
        Ids.Require(field, id);
        var record = await store.Records.GetAsync(id, cancellationToken);
        return record is { DeletedAt: null } ? record : throw RpcErrors.NotFound("Record", id);
    }

    // Checked before any work (and again by the store, atomically), so a stale caller learns it without side effects.
    private static void RequireVersion(ModelRecord record, long version)
    {
        if (record.Version != version)
        {
            throw RpcErrors.VersionConflict("Record", record.Id);
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static AuditDraft Audit(AuditAction action, string actor, ModelRecord record, string detail) =>
        new() { Action = action, Actor = actor, ListId = record.ListId, RecordId = record.Id, Detail = detail };
}
