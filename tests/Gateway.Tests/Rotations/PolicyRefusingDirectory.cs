using Grpc.Core;
using Grpc.Net.Client;
using PasswordSync.Common.V1;
using PasswordSync.Directory.V1;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Tests.Rotations;

/// <summary>
/// TEST DOUBLE, in front of the real directory-sync: answers the first <see cref="RefuseResets"/> resets the way
/// directory-sync answers an AD 0000052D policy refusal (FailedPrecondition, PASSWORD_POLICY), and passes every other
/// call to the real service (so later resets really reach the Samba DC). It exists because a list policy whose
/// generated password AD refuses exactly once cannot be made real: AD's rules that a generator cannot foresee (e.g.
/// "contains the account name") do not fire on demand. It records how many resets were asked, never the passwords.
/// </summary>
internal sealed class PolicyRefusingDirectory(GrpcChannel channel) : DirectorySync.DirectorySyncClient(channel)
{
    private int resets;

    public int RefuseResets { get; set; }

    public int Resets => Volatile.Read(ref resets);

    public override AsyncUnaryCall<WriteResponse> ResetPasswordAsync(ResetPasswordRequest request, CallOptions options)
    {
        if (Interlocked.Increment(ref resets) > RefuseResets)
        {
            return base.ResetPasswordAsync(request, options);
        }

        var refusal = RpcErrors.Create(StatusCode.FailedPrecondition, Reason.PasswordPolicy,
            "The directory refused the new password: 0000052D: Constraint violation - check_password_restrictions "
            + "(test double).");
        return new AsyncUnaryCall<WriteResponse>(Task.FromException<WriteResponse>(refusal),
            Task.FromResult(new Metadata()), () => refusal.Status, () => [], () => { });
    }
}
