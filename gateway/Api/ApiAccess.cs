using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Auth;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Api;

/// <summary>Authorisation of the resource calls, on top of <see cref="CallerContextExtensions.Require"/>.</summary>
internal static class ApiAccess
{
    /// <summary>
    /// The permission first (a key without it learns nothing more), then a plausible id, then the key's list scope.
    /// </summary>
    public static GatewayCaller RequireOnList(this ServerCallContext context, Access permission, string field,
        string listId)
    {
        context.Require(permission);
        ApiInput.RequireId(field, listId);
        return context.Require(permission, listId);
    }

    /// <summary>True when the key is limited to some lists (an admin key never is).</summary>
    public static bool IsScoped(this GatewayCaller caller) => !caller.IsAdmin && caller.ListIds.Count > 0;

    /// <summary>New lists are outside every scope: only a key that is not limited to some lists may create them.</summary>
    public static GatewayCaller RequireUnscoped(this ServerCallContext context, Access permission)
    {
        var caller = context.Require(permission);
        return caller.IsScoped()
            ? throw RpcErrors.Create(StatusCode.PermissionDenied, Reason.PermissionDenied,
                "This API key is scoped to specific lists, so it cannot create lists: use a key that is not limited to lists.")
            : caller;
    }
}
