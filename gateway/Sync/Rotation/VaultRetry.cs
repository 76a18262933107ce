using Grpc.Core;

namespace PasswordSync.Gateway.Sync.Rotation;

/// <summary>
/// Retries a vault journal step that is idempotent by request id (commit, abort) a few times when the vault did not
/// answer: giving up early would leave a password the directory already holds waiting for the reconciler.
/// </summary>
internal static class VaultRetry
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    public static async Task<T> IdempotentAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (attempt < Delays.Length
                                         && e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                await Task.Delay(Delays[attempt]);
            }
        }
    }
}
