using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Sync.Rotation;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Tests.Rotations;

/// <summary>
/// Which directory-sync failures of a write may drop the pending password (certain refusals) and which must keep it
/// (the write may have landed). Pure classification of real RpcExceptions as directory-sync builds them.
/// </summary>
public sealed class DirectoryFailuresTests
{
    [Theory]
    [InlineData(StatusCode.FailedPrecondition, Reason.PasswordPolicy, "PASSWORD_POLICY")]
    [InlineData(StatusCode.PermissionDenied, Reason.InsufficientRights, "INSUFFICIENT_RIGHTS")]
    [InlineData(StatusCode.FailedPrecondition, Reason.TlsUntrusted, "TLS_UNTRUSTED")]
    [InlineData(StatusCode.FailedPrecondition, Reason.PrivilegedCredentials, "PRIVILEGED_CREDENTIALS")]
    [InlineData(StatusCode.NotFound, Reason.AccountNotFound, "ACCOUNT_NOT_FOUND")]
    [InlineData(StatusCode.FailedPrecondition, Reason.AccountDisabled, "ACCOUNT_DISABLED")]
    [InlineData(StatusCode.InvalidArgument, Reason.InvalidArgument, "INVALID_ARGUMENT")]
    public void A_certain_refusal_may_be_aborted_with_its_reason(StatusCode code, Reason reason, string expected)
    {
        var result = DirectoryFailures.Classify(RpcErrors.Create(code, reason, "what to do"), "reset");

        var refused = Assert.IsType<ApplyResult.Refused>(result);
        Assert.Equal(expected, refused.ReasonCode);
        Assert.Equal("what to do", refused.Message);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, Reason.Timeout)]
    [InlineData(StatusCode.Unavailable, Reason.Transient)]
    [InlineData(StatusCode.Unavailable, Reason.CircuitOpen)]
    [InlineData(StatusCode.Internal, Reason.Unspecified)]
    [InlineData(StatusCode.Unknown, Reason.Unspecified)]
    public void A_failure_after_which_the_write_may_have_landed_is_ambiguous(StatusCode code, Reason reason)
    {
        var result = DirectoryFailures.Classify(RpcErrors.Create(code, reason, "no answer"), "reset");

        Assert.IsType<ApplyResult.Ambiguous>(result);
    }

    [Theory]
    [InlineData(StatusCode.DeadlineExceeded, "TIMEOUT")]
    [InlineData(StatusCode.Cancelled, "CANCELLED")]
    [InlineData(StatusCode.Unavailable, "TRANSIENT")]
    public void The_gRPC_stack_s_own_failures_are_ambiguous(StatusCode code, string expectedReason)
    {
        var result = DirectoryFailures.Classify(new RpcException(new Status(code, "stack")), "change");

        var ambiguous = Assert.IsType<ApplyResult.Ambiguous>(result);
        Assert.Equal(expectedReason, ambiguous.ReasonCode);
    }

    [Fact]
    public void Rotation_ids_derived_from_a_request_id_are_stable_per_record_and_valid_vault_ids()
    {
        var first = RotationIds.For(new RotationCommand("rec1", 1, null, true, "rotate", RequestId: "retry-me"));
        var again = RotationIds.For(new RotationCommand("rec1", 3, null, true, "rotate", RequestId: "retry-me"));
        var other = RotationIds.For(new RotationCommand("rec2", 1, null, true, "rotate", RequestId: "retry-me"));
        var fresh = RotationIds.For(new RotationCommand("rec1", 1, null, true, "rotate"));

        Assert.Equal(first, again);
        Assert.NotEqual(first.First, other.First);
        Assert.NotEqual(first.First, fresh.First);
        Assert.NotEqual(first.First, first.Retry);
        Assert.All(new[] { first.First, first.Retry, fresh.First },
            id => Assert.Matches("^[A-Za-z0-9_-]{1,64}$", id));
    }
}
