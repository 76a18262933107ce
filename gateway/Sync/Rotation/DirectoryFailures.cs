using Grpc.Core;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Sync.Rotation;

/// <summary>
/// Sorts directory-sync failures of a write into "certainly refused" and "may have landed". Only statuses that
/// directory-sync raises before or instead of a write count as refusals (its DirectoryErrors table): a policy, rights,
/// account, TLS or configuration problem, or an invalid request. Everything else (Unavailable, DeadlineExceeded,
/// Cancelled, Internal, Unknown...) may hide a write that landed, so it is ambiguous: dropping the pending password
/// then could lose the password the directory now holds.
/// </summary>
internal static class DirectoryFailures
{
    public static ApplyResult Classify(RpcException exception, string operation)
    {
        var reason = exception.GetReason() ?? ReasonFromStatus(exception.StatusCode);
        return exception.StatusCode switch
        {
            StatusCode.FailedPrecondition or StatusCode.PermissionDenied or StatusCode.NotFound
                or StatusCode.InvalidArgument or StatusCode.Unimplemented =>
                new ApplyResult.Refused(reason, exception.Status.Detail),
            _ => new ApplyResult.Ambiguous(reason,
                $"directory-sync did not confirm the {operation} ({exception.StatusCode}: {exception.Status.Detail})"),
        };
    }

    /// <summary>A reason code for statuses raised by the gRPC stack itself (no ErrorInfo attached).</summary>
    private static string ReasonFromStatus(StatusCode code) => code switch
    {
        StatusCode.DeadlineExceeded => "TIMEOUT",
        StatusCode.Unavailable => "TRANSIENT",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.Unimplemented => "UNSUPPORTED",
        _ => code.ToString().ToUpperInvariant(),
    };
}
