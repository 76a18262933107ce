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
    public static ApplyResult Classify(RpcException exception, string operation) =>
        Classify(exception.StatusCode, exception.GetReason(), exception.Status.Detail, operation);

    /// <summary>
    /// The failure of one item of a BulkPasswords stream, which carries what the unary call would have answered as a
    /// status: sorted exactly like that status.
    /// </summary>
    public static ApplyResult Classify(Directory.V1.ItemError error, string operation) =>
        Classify((StatusCode)error.Code,
            error.Reason == Common.V1.Reason.Unspecified ? null : RpcErrors.ReasonName(error.Reason), error.Message,
            operation);

    private static ApplyResult Classify(StatusCode code, string? reasonName, string detail, string operation)
    {
        var reason = reasonName ?? ReasonFromStatus(code);
        return code switch
        {
            StatusCode.FailedPrecondition or StatusCode.PermissionDenied or StatusCode.NotFound
                or StatusCode.InvalidArgument or StatusCode.Unimplemented =>
                new ApplyResult.Refused(reason, detail),
            _ => new ApplyResult.Ambiguous(reason,
                $"directory-sync did not confirm the {operation} ({code}: {detail})"),
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
