using Google.Rpc;
using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.DirectorySync.Grpc;

/// <summary>
/// DirectoryException → gRPC status. The reason code travels as google.rpc.ErrorInfo; the message (the connector's,
/// which says what to do and never holds a password) is passed through.
///
/// | failure class  | reason(s)                                               | gRPC status        |
/// |----------------|---------------------------------------------------------|--------------------|
/// | Transient      | TRANSIENT, TIMEOUT, CIRCUIT_OPEN                        | Unavailable        |
/// | Credential     | INVALID_CREDENTIALS (old password wrong), ACCOUNT_*     | FailedPrecondition |
/// | Credential     | PRIVILEGED_CREDENTIALS (the target's own credential)    | FailedPrecondition |
/// | Policy         | PASSWORD_POLICY                                         | FailedPrecondition |
/// | Permission     | INSUFFICIENT_RIGHTS                                     | PermissionDenied   |
/// | Configuration  | ACCOUNT_NOT_FOUND                                       | NotFound           |
/// | Configuration  | TLS_UNTRUSTED, TLS_NAME_MISMATCH, CONFIGURATION         | FailedPrecondition |
/// | Unsupported    | UNSUPPORTED                                             | Unimplemented      |
///
/// Unauthenticated / PermissionDenied for credentials of the *directory* would tell the caller its own gRPC
/// credentials are wrong, so directory credential problems are FailedPrecondition: the request is fine, the state of
/// the account or target settings is not.
/// </summary>
internal static class DirectoryErrors
{
    public static RpcException ToRpcException(DirectoryException exception) =>
        RpcErrors.Create(CodeFor(exception), exception.Reason, exception.Message,
            exception.Server is null ? null : new Dictionary<string, string> { ["server"] = exception.Server });

    public static Code CodeFor(DirectoryException exception) => exception switch
    {
        { FailureClass: FailureClass.Transient } => Code.Unavailable,
        { Reason: Reason.AccountNotFound } => Code.NotFound,
        { FailureClass: FailureClass.Permission } => Code.PermissionDenied,
        { FailureClass: FailureClass.Unsupported } => Code.Unimplemented,
        _ => Code.FailedPrecondition,
    };
}
