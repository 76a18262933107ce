using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Grpc;

namespace PasswordSync.DirectorySync.Tests.Grpc;

/// <summary>The mapping table of <see cref="DirectoryErrors"/>: status code, reason and the connector's message.</summary>
public sealed class DirectoryErrorsTests
{
    [Theory]
    [InlineData("Transient", Reason.Transient, StatusCode.Unavailable, "TRANSIENT")]
    [InlineData("Transient", Reason.CircuitOpen, StatusCode.Unavailable, "CIRCUIT_OPEN")]
    [InlineData("Transient", Reason.Timeout, StatusCode.Unavailable, "TIMEOUT")]
    [InlineData("Credential", Reason.InvalidCredentials, StatusCode.FailedPrecondition, "INVALID_CREDENTIALS")]
    [InlineData("Credential", Reason.PrivilegedCredentials, StatusCode.FailedPrecondition, "PRIVILEGED_CREDENTIALS")]
    [InlineData("Credential", Reason.AccountLocked, StatusCode.FailedPrecondition, "ACCOUNT_LOCKED")]
    [InlineData("Policy", Reason.PasswordPolicy, StatusCode.FailedPrecondition, "PASSWORD_POLICY")]
    [InlineData("Permission", Reason.InsufficientRights, StatusCode.PermissionDenied, "INSUFFICIENT_RIGHTS")]
    [InlineData("Configuration", Reason.AccountNotFound, StatusCode.NotFound, "ACCOUNT_NOT_FOUND")]
    [InlineData("Configuration", Reason.TlsUntrusted, StatusCode.FailedPrecondition, "TLS_UNTRUSTED")]
    [InlineData("Configuration", Reason.TlsNameMismatch, StatusCode.FailedPrecondition, "TLS_NAME_MISMATCH")]
    [InlineData("Unsupported", Reason.Unsupported, StatusCode.Unimplemented, "UNSUPPORTED")]
    public void Failure_maps_to_status_reason_and_keeps_the_message(string failureClass, Reason reason,
        StatusCode expectedStatus, string expectedReason)
    {
        // The failure class travels as a name: the connector model is internal, test methods are public.
        var error = DirectoryErrors.ToRpcException(new DirectoryException(Enum.Parse<FailureClass>(failureClass),
            reason, "What to do about it.", "dc1:636"));

        Assert.Equal(expectedStatus, error.StatusCode);
        Assert.Equal(expectedReason, error.GetReason());
        Assert.Equal("What to do about it.", error.Status.Detail);
    }
}
