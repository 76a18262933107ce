using Grpc.Core;
using PasswordSync.Vault.Security;

namespace PasswordSync.Vault.Tests.Integration;

/// <summary>
/// Test-only caller identity: trusts the actor header as if every call came from the gateway. The real resolver
/// (gateway-only, mutual TLS) is tested on its own; these tests are about what the vault does for a given actor.
/// </summary>
internal sealed class VaultHostCallerResolver : ICallerResolver
{
    public const string DefaultActor = "test-user";

    public Caller Resolve(ServerCallContext context)
    {
        var actor = context.RequestHeaders.GetValue(Caller.ActorHeader);
        return new Caller(string.IsNullOrEmpty(actor) ? DefaultActor : actor, IsGateway: true);
    }
}
