using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.Gateway.Auth;
using PasswordSync.V1;
using static PasswordSync.Gateway.Api.BackendCalls;
using VaultV1 = PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Api.Lists;

/// <summary>The public Lists service: authorisation and name mapping in front of the vault's PasswordLists.</summary>
internal sealed class ListsApi(VaultV1.PasswordLists.PasswordListsClient lists, ScopedListPager scopedPager)
    : V1.Lists.ListsBase
{
    private static readonly FieldNames Names = ListMapping.VaultToPublicNames;

    public override async Task<PasswordList> CreateList(CreateListRequest request, ServerCallContext context)
    {
        context.RequireUnscoped(Access.Write);
        var created = await Call(lists.CreateListAsync(
            new VaultV1.CreateListRequest { List = ListMapping.ToVault(request.List ?? new PasswordList()) },
            cancellationToken: context.CancellationToken), Names);
        return ListMapping.ToPublic(created);
    }

    public override async Task<ListListsResponse> ListLists(ListListsRequest request, ServerCallContext context)
    {
        var caller = context.Require(Access.Read);
        if (caller.IsScoped())
        {
            return await scopedPager.PageAsync(caller, request, context.CancellationToken);
        }

        var page = await Call(lists.ListListsAsync(
            new VaultV1.ListListsRequest { PageSize = request.PageSize, PageToken = request.PageToken },
            cancellationToken: context.CancellationToken), Names);
        var response = new ListListsResponse { NextPageToken = page.NextPageToken };
        response.Lists.AddRange(page.Lists.Select(ListMapping.ToPublic));
        return response;
    }

    public override async Task<PasswordList> GetList(GetListRequest request, ServerCallContext context)
    {
        context.RequireOnList(Access.Read, "list_id", request.ListId);
        return ListMapping.ToPublic(await GetVaultListAsync(request.ListId, context.CancellationToken));
    }

    public override async Task<PasswordList> UpdateList(UpdateListRequest request, ServerCallContext context)
    {
        context.RequireOnList(Access.Write, "list_id", request.ListId);
        var input = new ApiInput().Version("version", request.Version);
        var paths = UpdateMask.Paths(request.UpdateMask, ListMasks.Settable.Contains, ListMasks.OutputOnly,
            ListMasks.SettableText, input);
        input.ThrowIfAny();

        var changes = ListMapping.ToVault(request.List ?? new PasswordList());
        changes.Id = request.ListId;
        changes.Version = request.Version;
        if (paths.Contains(ListMasks.StandardFields) != paths.Contains(ListMasks.GenericFields))
        {
            // The vault replaces the field configuration whole: keep the half the caller did not name. If the list
            // changes meanwhile, the version check below refuses the update, so a stale half is never written.
            var current = await GetVaultListAsync(request.ListId, context.CancellationToken);
            var kept = paths.Contains(ListMasks.StandardFields)
                ? (changes.Fields.StandardFields, current.Fields.GenericFields)
                : (current.Fields.StandardFields, changes.Fields.GenericFields);
            changes.Fields = new VaultV1.FieldConfiguration { StandardFields = { kept.Item1 }, GenericFields = { kept.Item2 } };
        }

        var vaultRequest = new VaultV1.UpdateListRequest
        {
            List = changes,
            UpdateMask = new FieldMask { Paths = { ListMasks.ToVault(paths) } },
        };
        var updated = await Call(lists.UpdateListAsync(vaultRequest, cancellationToken: context.CancellationToken),
            Names);
        return ListMapping.ToPublic(updated);
    }

    public override async Task<Empty> DeleteList(DeleteListRequest request, ServerCallContext context)
    {
        context.RequireOnList(Access.Write, "list_id", request.ListId);
        new ApiInput().Version("version", request.Version).ThrowIfAny();
        await Call(lists.DeleteListAsync(new VaultV1.DeleteListRequest { Id = request.ListId, Version = request.Version },
            cancellationToken: context.CancellationToken), Names);
        return new Empty();
    }

    public override async Task<ListReadiness> GetListReadiness(GetListReadinessRequest request,
        ServerCallContext context)
    {
        context.RequireOnList(Access.Read, "list_id", request.ListId);
        var readiness = await Call(lists.GetListReadinessAsync(new VaultV1.GetListReadinessRequest { Id = request.ListId },
            cancellationToken: context.CancellationToken), Names);
        return ListMapping.ToPublic(readiness);
    }

    private Task<VaultV1.PasswordList> GetVaultListAsync(string id, CancellationToken cancellationToken) =>
        Call(lists.GetListAsync(new VaultV1.GetListRequest { Id = id }, cancellationToken: cancellationToken), Names);
}
