using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// A directory-sync failure as a check result: ERROR with directory-sync's reason code (google.rpc.ErrorInfo) and its
/// message, which already says what to do and never holds a secret. Failures without a reason (directory-sync itself
/// unreachable, our deadline) get a sentence of ours.
/// </summary>
internal static class CheckDirectoryErrors
{
    public static CheckResult ToResult(RpcException error, string what, string server, DateTimeOffset checkTime)
    {
        var reason = error.GetReason();
        if (reason is not null)
        {
            return CheckResults.Create(CheckStatus.Error, reason, $"The directory could not be asked ({what}): {error.Status.Detail}",
                server, checkTime);
        }

        var (code, message) = error.StatusCode switch
        {
            StatusCode.DeadlineExceeded => (Reason.Timeout,
                $"The directory did not answer in time ({what}); the outcome is unknown. Check again later, and check "
                + "the target's reachability with a target test."),
            StatusCode.Unavailable => (Reason.Transient,
                $"directory-sync could not be reached ({what}): check that the service runs and that the gateway's "
                + "Gateway:DirectorySync:Address points at it, then check again."),
            _ => (Reason.Unspecified,
                $"directory-sync failed ({what}) with status {error.StatusCode}; see the gateway and directory-sync logs."),
        };
        return CheckResults.Create(CheckStatus.Error, RpcErrors.ReasonName(code), message, server, checkTime);
    }
}
