using Grpc.Core;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;
using PasswordSync.Vault.Validation;
using ModelList = PasswordSync.Vault.Model.PasswordList;
using ProtoList = PasswordSync.Vault.V1.PasswordList;
using ProtoReadiness = PasswordSync.Vault.V1.ListReadiness;
using ReadinessRules = PasswordSync.Vault.Readiness.ListReadiness;

namespace PasswordSync.Vault.Lists;

/// <summary>gRPC password lists: CRUD with validation, optimistic concurrency and computed readiness.</summary>
internal sealed class ListsService(IVaultStore store, TimeProvider time)
    : PasswordLists.PasswordListsBase
{
    public override async Task<ProtoList> CreateList(CreateListRequest request, ServerCallContext context)
    {
        var actor = context.GetCaller().Actor;
        var now = time.GetUtcNow();
        var violations = new Violations();
        var empty = new ModelList
        {
            Id = Ids.NewId(),
            Name = "",
            Fields = new Model.FieldConfiguration(StandardFields.None, []),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var list = ListInput.Apply(empty, request.List ?? new ProtoList(), ListInput.AllPaths, violations);
        violations.ThrowIfAny();

        var created = await store.Lists.CreateAsync(list,
            Audit(AuditAction.ListCreated, actor, list.Id, "List created."), context.CancellationToken);
        return ListMapping.ToProto(created);
    }

    public override async Task<ProtoList> GetList(GetListRequest request, ServerCallContext context) =>
        ListMapping.ToProto(await RequireListAsync(store, "id", request.Id, context.CancellationToken));

    public override async Task<ListListsResponse> ListLists(ListListsRequest request, ServerCallContext context)
    {
        var page = await store.Lists.ListAsync(new PageRequest(request.PageSize, request.PageToken), null,
            context.CancellationToken);
        var response = new ListListsResponse { NextPageToken = page.NextPageToken };
        response.Lists.AddRange(page.Items.Select(ListMapping.ToProto));
        return response;
    }

    public override async Task<ProtoList> UpdateList(UpdateListRequest request, ServerCallContext context)
    {
        var actor = context.GetCaller().Actor;
        var input = request.List ?? new ProtoList();
        var violations = new Violations();
        Ids.Require(violations, "list.id", input.Id);
        var paths = UpdateMasks.Paths(request.UpdateMask, ListInput.AllPaths.Contains,
            string.Join(", ", ListInput.AllPaths), violations);
        violations.ThrowIfAny();

        var current = await RequireListAsync(store, "list.id", input.Id, context.CancellationToken);
        var updated = ListInput.Apply(current, input, paths, violations) with { UpdatedAt = time.GetUtcNow() };
        violations.ThrowIfAny();

        var saved = await store.Lists.UpdateAsync(updated, input.Version,
            Audit(AuditAction.ListUpdated, actor, current.Id, "Changed: " + string.Join(", ", paths) + "."),
            context.CancellationToken);
        return ListMapping.ToProto(saved);
    }

    public override async Task<Google.Protobuf.WellKnownTypes.Empty> DeleteList(DeleteListRequest request,
        ServerCallContext context)
    {
        var actor = context.GetCaller().Actor;
        Ids.Require("id", request.Id);
        await store.Lists.DeleteAsync(request.Id, request.Version,
            Audit(AuditAction.ListDeleted, actor, request.Id, "List deleted."), context.CancellationToken);
        return new Google.Protobuf.WellKnownTypes.Empty();
    }

    public override async Task<ProtoReadiness> GetListReadiness(GetListReadinessRequest request,
        ServerCallContext context)
    {
        var list = await RequireListAsync(store, "id", request.Id, context.CancellationToken);
        return ListMapping.ToProto(ReadinessRules.Evaluate(list.Fields));
    }

    /// <summary>The list, or NotFound; InvalidArgument naming <paramref name="field"/> for an implausible id.</summary>
    internal static async Task<ModelList> RequireListAsync(IVaultStore store, string field, string id,
        CancellationToken cancellationToken)
    {
        Ids.Require(field, id);
        return await store.Lists.GetAsync(id, cancellationToken)
            ?? throw ServiceDefaults.RpcErrors.NotFound("Password list", id);
    }

    private static AuditDraft Audit(AuditAction action, string actor, string listId, string detail) =>
        new() { Action = action, Actor = actor, ListId = listId, Detail = detail };
}
