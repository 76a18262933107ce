using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Directory.V1;
using DirectoryClient = PasswordSync.Directory.V1.DirectorySync.DirectorySyncClient;
using DirectoryTarget = PasswordSync.Directory.V1.Target;

namespace PasswordSync.Gateway.Sync.Rotation;

/// <summary>
/// The APPLY step: an administrative reset under the apply deadline (directory-sync retries it on transient errors;
/// resetting to the same value is safe to repeat), with the verify bind on the same server when asked. Only where the
/// target cannot reset does it fall back to a change as the account (old → new): directory-sync never sends a change
/// twice and settles an ambiguous change by a bind with the new password, and so does this class: a change whose
/// outcome is unknown is reported ambiguous, never sent again.
/// </summary>
internal sealed class DirectoryApplier(DirectoryClient directory, IOptions<RotationOptions> options, TimeProvider clock)
{
    public async Task<ApplyResult> ApplyAsync(DirectoryTarget target, string account, string newPassword,
        string? currentPassword, bool verify, CancellationToken cancellationToken)
    {
        try
        {
            var write = await directory.ResetPasswordAsync(new ResetPasswordRequest
            {
                Target = target,
                Account = account,
                NewPassword = newPassword,
                VerifyAfterWrite = verify,
            }, deadline: Deadline(), cancellationToken: cancellationToken);
            return new ApplyResult.Applied(write);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented && currentPassword is { Length: > 0 })
        {
            // This target cannot reset (e.g. no privileged reset right on that kind of host): change as the account.
        }
        catch (RpcException e)
        {
            return DirectoryFailures.Classify(e, "reset");
        }

        try
        {
            var write = await directory.ChangePasswordAsync(new ChangePasswordRequest
            {
                Target = target,
                Account = account,
                OldPassword = currentPassword,
                NewPassword = newPassword,
                VerifyAfterWrite = verify,
            }, deadline: Deadline(), cancellationToken: cancellationToken);
            return new ApplyResult.Applied(write);
        }
        catch (RpcException e)
        {
            return DirectoryFailures.Classify(e, "change");
        }
    }

    private DateTime Deadline() => clock.GetUtcNow().UtcDateTime + options.Value.ApplyDeadline;
}
