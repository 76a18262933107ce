using Grpc.Core;

namespace PasswordSync.Vault.Security;

/// <summary>Resolves the caller of a gRPC call (the gateway's identity and the acting user it names).</summary>
public interface ICallerResolver
{
    Caller Resolve(ServerCallContext context);
}
