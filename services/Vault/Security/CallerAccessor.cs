using Grpc.Core;

namespace PasswordSync.Vault.Security;

/// <summary>The caller admitted by <see cref="GatewayOnlyInterceptor"/>, kept on the call for the service methods.</summary>
public static class CallerAccessor
{
    private static readonly object Key = new();

    internal static void Set(ServerCallContext context, Caller caller) =>
        context.GetHttpContext().Items[Key] = caller;

    /// <summary>The admitted caller; the interceptor runs first, so a missing one is a wiring bug.</summary>
    public static Caller GetCaller(this ServerCallContext context) =>
        context.GetHttpContext().Items.TryGetValue(Key, out var caller) && caller is Caller admitted
            ? admitted
            : throw new InvalidOperationException("No caller on this call: is GatewayOnlyInterceptor registered?");
}
