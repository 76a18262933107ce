using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.Gateway.Api.Lists;
using PasswordSync.Gateway.Auth;
using PasswordSync.Gateway.Sync;
using PasswordSync.V1;
using static PasswordSync.Gateway.Api.BackendCalls;
using VaultV1 = PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Api.Records;

/// <summary>
/// The public Records service in front of the vault's PasswordRecords. Calls naming a record are authorised against
/// the RECORD's list, read from the vault first (an unknown id is NotFound naming it). Every record returned carries
/// whether it can be synchronised and, if not, why.
/// </summary>
internal sealed class RecordsApi(
    VaultV1.PasswordRecords.PasswordRecordsClient records,
    VaultV1.PasswordLists.PasswordListsClient lists,
    ISyncEligibilityEvaluator eligibility,
    RecordListIds recordLists) : V1.Records.RecordsBase
{
    private static readonly FieldNames Names = RecordMapping.VaultToPublicNames;

    private static readonly IReadOnlyDictionary<string, string> PasswordElsewhere = new Dictionary<string, string>
    {
        ["password"] = "is changed with SetPassword (vault only) or SaveAndSync (vault and directory), not by an update.",
    };

    public override async Task<Record> CreateRecord(CreateRecordRequest request, ServerCallContext context)
    {
        context.RequireOnList(Access.Write, "list_id", request.ListId);
        var input = request.Record ?? new Record();
        var record = RecordMapping.ToVault(input);
        record.ListId = request.ListId;
        var created = await Call(records.CreateRecordAsync(
            new VaultV1.CreateRecordRequest { Record = record, InitialPassword = input.Password },
            cancellationToken: context.CancellationToken), Names);
        return await ToPublicAsync(created, context.CancellationToken);
    }

    public override async Task<ListRecordsResponse> ListRecords(ListRecordsRequest request, ServerCallContext context)
    {
        context.RequireOnList(Access.Read, "list_id", request.ListId);
        // The list first: an unknown list is NotFound naming it, and its readiness is needed for every record.
        var list = await GetListAsync(request.ListId, context.CancellationToken);
        var page = await Call(records.SearchRecordsAsync(new VaultV1.SearchRecordsRequest
        {
            ListId = request.ListId,
            Title = request.Title,
            UserName = request.UserName,
            DomainOrHost = request.DomainOrHost,
            OnlyDeleted = request.ShowDeleted,
            PageSize = request.PageSize,
            PageToken = request.PageToken,
        }, cancellationToken: context.CancellationToken), Names);

        var eligibilities = await eligibility.EvaluateAllAsync(page.Records, list, context.CancellationToken);
        var response = new ListRecordsResponse { NextPageToken = page.NextPageToken };
        response.Records.AddRange(page.Records.Select((r, i) => RecordMapping.ToPublic(r, eligibilities[i])));
        return response;
    }

    public override async Task<Record> GetRecord(GetRecordRequest request, ServerCallContext context)
    {
        var record = await AuthorizedRecordAsync(context, Access.Read, request.RecordId);
        return await ToPublicAsync(record, context.CancellationToken);
    }

    public override async Task<Record> UpdateRecord(UpdateRecordRequest request, ServerCallContext context)
    {
        context.Require(Access.Write);
        var input = new ApiInput().Id("record_id", request.RecordId).Version("version", request.Version);
        var paths = UpdateMask.Paths(request.UpdateMask, RecordMasks.IsSettable, RecordMasks.OutputOnly,
            RecordMasks.SettableText, input, PasswordElsewhere);
        input.ThrowIfAny();
        await AuthorizedRecordAsync(context, Access.Write, request.RecordId);

        var changes = RecordMapping.ToVault(request.Record ?? new Record());
        changes.Id = request.RecordId;
        changes.Version = request.Version;
        var updated = await Call(records.UpdateRecordAsync(new VaultV1.UpdateRecordRequest
        {
            Record = changes,
            UpdateMask = new FieldMask { Paths = { paths.Select(RecordMasks.ToVault) } },
        }, cancellationToken: context.CancellationToken), Names);
        return await ToPublicAsync(updated, context.CancellationToken);
    }

    public override async Task<Record> SetPassword(SetPasswordRequest request, ServerCallContext context)
    {
        context.Require(Access.Write);
        new ApiInput().Id("record_id", request.RecordId).Version("version", request.Version).ThrowIfAny();
        await AuthorizedRecordAsync(context, Access.Write, request.RecordId);
        var updated = await Call(records.SetPasswordAsync(new VaultV1.SetPasswordRequest
        {
            Id = request.RecordId,
            Version = request.Version,
            Password = request.Password,
            Reason = request.Reason,
        }, cancellationToken: context.CancellationToken), Names);
        return await ToPublicAsync(updated, context.CancellationToken);
    }

    public override async Task<Record> DeleteRecord(DeleteRecordRequest request, ServerCallContext context)
    {
        context.Require(Access.Write);
        new ApiInput().Id("record_id", request.RecordId).Version("version", request.Version).ThrowIfAny();
        await AuthorizedRecordAsync(context, Access.Write, request.RecordId);
        var deleted = await Call(records.DeleteRecordAsync(
            new VaultV1.DeleteRecordRequest { Id = request.RecordId, Version = request.Version },
            cancellationToken: context.CancellationToken), Names);
        return await ToPublicAsync(deleted, context.CancellationToken);
    }

    public override async Task<Record> RestoreRecord(RestoreRecordRequest request, ServerCallContext context)
    {
        context.Require(Access.Write);
        new ApiInput().Id("record_id", request.RecordId).Version("version", request.Version).ThrowIfAny();
        await AuthorizedRecordAsync(context, Access.Write, request.RecordId);
        var restored = await Call(records.RestoreRecordAsync(
            new VaultV1.RestoreRecordRequest { Id = request.RecordId, Version = request.Version },
            cancellationToken: context.CancellationToken), Names);
        return await ToPublicAsync(restored, context.CancellationToken);
    }

    public override async Task<RevealPasswordResponse> RevealPassword(RevealPasswordRequest request,
        ServerCallContext context)
    {
        await AuthorizeRevealAsync(context, request.RecordId);
        // The vault audits the reveal (with the caller's key as actor) before it returns the password.
        var revealed = await Call(records.RevealPasswordAsync(
            new VaultV1.RevealPasswordRequest { Id = request.RecordId, Reason = request.Reason },
            cancellationToken: context.CancellationToken), Names);
        return RecordMapping.ToPublic(revealed);
    }

    public override async Task<ListPasswordHistoryResponse> ListPasswordHistory(ListPasswordHistoryRequest request,
        ServerCallContext context)
    {
        // Entries carry who, when and why, never a value: reading them is a read.
        await AuthorizedRecordAsync(context, Access.Read, request.RecordId);
        var page = await Call(records.GetPasswordHistoryAsync(new VaultV1.GetPasswordHistoryRequest
        {
            RecordId = request.RecordId,
            PageSize = request.PageSize,
            PageToken = request.PageToken,
        }, cancellationToken: context.CancellationToken), Names);
        var response = new ListPasswordHistoryResponse { NextPageToken = page.NextPageToken };
        response.Entries.AddRange(page.Entries.Select(RecordMapping.ToPublic));
        return response;
    }

    public override async Task<RevealPasswordResponse> RevealHistoryEntry(RevealHistoryEntryRequest request,
        ServerCallContext context)
    {
        await AuthorizeRevealAsync(context, request.RecordId);
        var revealed = await Call(records.RevealHistoryEntryAsync(new VaultV1.RevealHistoryEntryRequest
        {
            RecordId = request.RecordId,
            EntryId = request.EntryId,
            Reason = request.Reason,
        }, cancellationToken: context.CancellationToken), Names);
        return RecordMapping.ToPublic(revealed);
    }

    /// <summary>
    /// The permission first, then the record (NotFound naming an unknown id), then the key's scope on the record's
    /// list. Deleted records are returned too: restore and get must reach them.
    /// </summary>
    private async Task<VaultV1.Record> AuthorizedRecordAsync(ServerCallContext context, Access permission,
        string recordId)
    {
        context.Require(permission);
        ApiInput.RequireId("record_id", recordId);
        var record = await Call(records.GetRecordAsync(new VaultV1.GetRecordRequest { Id = recordId },
            cancellationToken: context.CancellationToken), Names);
        recordLists.Remember(record.Id, record.ListId);
        context.Require(permission, record.ListId);
        return record;
    }

    /// <summary>
    /// A reveal needs only the record's list to be authorised: when it is already known (<see cref="RecordListIds"/>),
    /// the one vault call is the reveal itself, which finds the record (NotFound naming it) and audits.
    /// </summary>
    private async Task AuthorizeRevealAsync(ServerCallContext context, string recordId)
    {
        context.Require(Access.Reveal);
        ApiInput.RequireId("record_id", recordId);
        if (recordLists.TryGet(recordId, out var listId))
        {
            context.Require(Access.Reveal, listId);
            return;
        }

        await AuthorizedRecordAsync(context, Access.Reveal, recordId);
    }

    private async Task<Record> ToPublicAsync(VaultV1.Record record, CancellationToken cancellationToken)
    {
        var list = await GetListAsync(record.ListId, cancellationToken);
        return RecordMapping.ToPublic(record, await eligibility.EvaluateAsync(record, list, cancellationToken));
    }

    private Task<VaultV1.PasswordList> GetListAsync(string listId, CancellationToken cancellationToken) =>
        Call(lists.GetListAsync(new VaultV1.GetListRequest { Id = listId }, cancellationToken: cancellationToken),
            ListMapping.VaultToPublicNames);
}
