using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Auth;

/// <summary>
/// How service methods get and check the caller:
/// <code>context.Require(Access.Reveal, listId)</code> throws PermissionDenied naming what is missing.
/// </summary>
public static class CallerContextExtensions
{
    private const string ItemKey = "passwordsync.gateway.caller";

    /// <summary>The authenticated caller; Unauthenticated when the authentication interceptor did not set one.</summary>
    public static GatewayCaller GetCaller(this ServerCallContext context) =>
        context.GetHttpContext().Items.TryGetValue(ItemKey, out var value) && value is GatewayCaller caller
            ? caller
            : throw RpcErrors.Create(StatusCode.Unauthenticated, Reason.Unauthenticated,
                "An API key is required: send it as 'Authorization: Bearer <key>'.");

    internal static void SetCaller(this HttpContext httpContext, GatewayCaller caller) =>
        httpContext.Items[ItemKey] = caller;

    /// <summary>Requires a permission (and, when given, access to the list); returns the caller.</summary>
    public static GatewayCaller Require(this ServerCallContext context, Access permission, string? listId = null)
    {
        var caller = context.GetCaller();
        if (!caller.Has(permission))
        {
            throw RpcErrors.Create(StatusCode.PermissionDenied, Reason.PermissionDenied,
                $"This API key lacks the '{permission.ToString().ToLowerInvariant()}' permission needed for this call.");
        }

        if (listId is not null && !caller.CanTouchList(listId))
        {
            throw RpcErrors.Create(StatusCode.PermissionDenied, Reason.PermissionDenied,
                $"This API key is not scoped to list '{listId}'.");
        }

        return caller;
    }
}
