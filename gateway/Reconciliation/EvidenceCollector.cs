using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Directory.V1;
using PasswordSync.Gateway.Sync.Checks;
using PasswordSync.Gateway.Sync.Rotation;
using PasswordSync.ServiceDefaults;
using DirectoryClient = PasswordSync.Directory.V1.DirectorySync.DirectorySyncClient;
using DirectoryTarget = PasswordSync.Directory.V1.Target;

namespace PasswordSync.Gateway.Reconciliation;

/// <summary>
/// Asks the directory about one candidate password without risking a lockout: reads the account state first (with
/// the privileged credential, no effect on lockout), makes no bind when one more failure could lock the account, then
/// one bind pinned to the server that reported the state. Correct-password answers (must change, logon hours or
/// workstation restriction, expired password) count as proof, as directory-sync reports them.
/// </summary>
internal sealed class EvidenceCollector(DirectoryClient directory, IOptions<RotationOptions> options,
    IOptions<CheckOptions> checks, TimeProvider clock)
{
    public async Task<Evidence> ProveAsync(DirectoryTarget target, string account, string password,
        CancellationToken cancellationToken)
    {
        AccountState state;
        try
        {
            state = await directory.GetAccountStateAsync(new GetAccountStateRequest { Target = target, Account = account },
                deadline: Deadline(), cancellationToken: cancellationToken);
        }
        catch (RpcException e)
        {
            return Failure(e, "reading the account state");
        }

        if (!state.Exists)
        {
            return new Evidence(EvidenceKind.Unproven, "ACCOUNT_NOT_FOUND", $"the account '{account}' does not exist in the directory");
        }

        if (LockoutRisk.WhyNotBind(state, checks.Value.BindWhenLockoutPolicyUnknown) is { } why)
        {
            return new Evidence(EvidenceKind.Unproven, "LOCKOUT_RISK", $"no bind was made: {why}");
        }

        VerifyPasswordResponse verification;
        try
        {
            verification = await directory.VerifyPasswordAsync(new VerifyPasswordRequest
            {
                Target = target,
                Account = account,
                Password = password,
                PinnedServer = state.Server,
            }, deadline: Deadline(), cancellationToken: cancellationToken);
        }
        catch (RpcException e)
        {
            return Failure(e, "binding");
        }

        return verification switch
        {
            { PasswordCorrect: true } => Evidence.Proven(verification.Server, state.PasswordLastSetRaw,
                $"{verification.Outcome} on {verification.Server}"),
            { Outcome: VerifyOutcome.Rejected } => new Evidence(EvidenceKind.Rejected, "INVALID_CREDENTIALS",
                $"rejected on {verification.Server}", verification.Server),
            _ => new Evidence(EvidenceKind.Unproven, verification.Outcome.ToString(),
                $"{verification.Outcome} on {verification.Server}: {verification.Detail}", verification.Server),
        };
    }

    private static Evidence Failure(RpcException e, string what) =>
        new(EvidenceKind.Unproven, e.GetReason() ?? e.StatusCode.ToString(),
            $"the directory could not be asked ({what}: {e.Status.Detail})");

    private DateTime Deadline() => clock.GetUtcNow().UtcDateTime + options.Value.ApplyDeadline;
}
