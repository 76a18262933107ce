using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.ServiceDefaults.InternalTls;

namespace PasswordSync.Vault.Security;

/// <summary>
/// The caller is the gateway only when it presented a verified gateway certificate (or, in insecure local
/// development, when the call is local). Only then is the acting user in <see cref="Caller.ActorHeader"/> trusted;
/// anyone else's header is ignored.
/// </summary>
internal sealed class GatewayCallerResolver(GatewayIdentity identity) : ICallerResolver
{
    /// <summary>The actor of the gateway's own work (reconciler, job runner) when it names no user.</summary>
    public const string GatewayActor = "gateway";

    public const string UnauthenticatedActor = "unauthenticated";

    public const int MaxActorLength = 128;

    public Caller Resolve(ServerCallContext context)
    {
        if (!identity.IsGateway(context))
        {
            return new Caller(UnauthenticatedActor, IsGateway: false);
        }

        var actor = context.RequestHeaders.GetValue(Caller.ActorHeader);
        if (actor is null)
        {
            return new Caller(GatewayActor, IsGateway: true);
        }

        if (!IsValidActor(actor))
        {
            throw RpcErrors.InvalidArgument(Caller.ActorHeader,
                $"must be 1..{MaxActorLength} printable characters (no control characters, no surrounding spaces).");
        }

        return new Caller(actor, IsGateway: true);
    }

    public static bool IsValidActor(string actor) =>
        actor.Length is > 0 and <= MaxActorLength
        && actor.Trim().Length == actor.Length
        && actor.All(c => !char.IsControl(c) && !char.IsSurrogate(c) && c != '\uFFFD');
}
