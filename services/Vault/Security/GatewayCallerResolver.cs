using System.Net;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Vault.Security;

/// <summary>
/// The caller is the gateway only when it presented a verified gateway certificate (or, in insecure local
/// development, when the call is local). Only then is the acting user in <see cref="Caller.ActorHeader"/> trusted;
/// anyone else's header is ignored.
/// </summary>
internal sealed class GatewayCallerResolver(GatewayTrust trust, IOptions<VaultSecurityOptions> options) : ICallerResolver
{
    /// <summary>The actor of the gateway's own work (reconciler, job runner) when it names no user.</summary>
    public const string GatewayActor = "gateway";

    public const string UnauthenticatedActor = "unauthenticated";

    public const int MaxActorLength = 128;

    public Caller Resolve(ServerCallContext context)
    {
        var connection = context.GetHttpContext().Connection;
        var certificate = connection.ClientCertificate;
        var isGateway = certificate is not null
            ? trust.IsGateway(certificate)
            : options.Value.AllowInsecureLocalCalls && IsLocal(connection.RemoteIpAddress);
        if (!isGateway)
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

    // No remote address means an in-process caller (test server, Unix socket): local by construction.
    private static bool IsLocal(IPAddress? remote) => remote is null || IPAddress.IsLoopback(remote);
}
