using Grpc.Core;

namespace PasswordSync.Gateway.Sync;

/// <summary>The answer of a capability whose handler is not built yet (skeleton only; removed when all exist).</summary>
internal static class NotBuiltYet
{
    public static RpcException Error(string what) => new(new Status(StatusCode.Unimplemented, $"{what} is not built yet."));
}
