using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Common.V1;
using PasswordSync.Directory.V1;
using PasswordSync.Gateway.Telemetry;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.V1;
using CheckResult = PasswordSync.V1.CheckResult;
using CheckStatus = PasswordSync.V1.CheckStatus;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// Checks one password of one account without ever locking it: under the account's lock, reads its state first;
/// reports missing, disabled and locked accounts, changes made outside PasswordSync and lockout risk without binding;
/// otherwise binds once, pinned to the server that answered the state read, and never retries a refusal.
/// </summary>
internal sealed class CheckEngine(
    DirectorySync.DirectorySyncClient directory,
    AccountLocks locks,
    IOptions<CheckOptions> options,
    TimeProvider clock,
    ILogger<CheckEngine> logger)
{
    public Task<CheckOutcome> CheckAsync(CheckSubject subject, CancellationToken cancellationToken) =>
        CheckAsync(subject, null, null, null, cancellationToken);

    /// <summary>
    /// As above, with the directory calls (state read and bind) inside <paramref name="slot"/>, taken once the
    /// account's lock is held: a caller that limits how many operations a directory sees at once (the sync report)
    /// counts only directory work, never the wait for an account another check is using. A state from
    /// <paramref name="prefetched"/> (taken under the account's lock, before the slot) replaces the check's own read
    /// when it still describes the account (<see cref="PrefetchedState"/>); the bind goes through
    /// <paramref name="binds"/> when given (the report's streams), else through a VerifyPassword call.
    /// </summary>
    public async Task<CheckOutcome> CheckAsync(CheckSubject subject, DirectorySlot? slot,
        AccountStateSource? prefetched, BindSource? binds, CancellationToken cancellationToken)
    {
        using var activity = CheckTelemetry.Start(subject.Target, subject.IsCandidate);
        var outcome = await DecideAsync(subject, slot, prefetched, binds, cancellationToken);
        CheckTelemetry.Finished(activity, subject.Target, subject.IsCandidate, outcome.Result);
        return outcome;
    }

    private async Task<CheckOutcome> DecideAsync(CheckSubject subject, DirectorySlot? slot,
        AccountStateSource? prefetched, BindSource? binds, CancellationToken cancellationToken)
    {
        var targetId = subject.Target.Id;
        var accountKey = CheckAccountKey.For(subject.Target.Kind, subject.Account);
        using var held = await locks.AcquireAsync(targetId, accountKey, cancellationToken);
        var early = prefetched is null ? null : await prefetched(subject.Target, subject.Account, cancellationToken);
        using var directorySlot = slot is null ? null : await slot(cancellationToken);

        AccountState state;
        if (StillTrue(early, targetId, accountKey, subject.Account) is { } known)
        {
            state = known;
        }
        else
        {
            try
            {
                state = await ReadStateAsync(subject, cancellationToken);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                CheckLog.DirectoryFailed(logger, targetId, subject.Account, "state", e.StatusCode, e.GetReason());
                return new CheckOutcome(CheckDirectoryErrors.ToResult(e, "reading the account state", "", Now()),
                    null, null);
            }
        }

        if (WithoutBind(subject, state) is { } decided)
        {
            LogDecided(slot, targetId, subject.Account, decided.Result.Status, state.Server, bound: false);
            return decided;
        }

        VerifyPasswordResponse verify;
        try
        {
            // One bind, on the server whose counters were just read; directory-sync never retries a refusal.
            var request = new VerifyPasswordRequest
            {
                Target = subject.Target,
                Account = subject.Account,
                Password = subject.Password,
                PinnedServer = state.Server,
            };
            verify = binds is null
                ? await directory.VerifyPasswordAsync(request, deadline: Deadline(), cancellationToken: cancellationToken)
                : await binds(request, cancellationToken);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            CheckLog.DirectoryFailed(logger, targetId, subject.Account, "bind", e.StatusCode, e.GetReason());
            return new CheckOutcome(CheckDirectoryErrors.ToResult(e, "binding as the account", state.Server, Now()),
                null, null);
        }

        var outcome = FromBind(subject, state, verify);
        LogDecided(slot, targetId, subject.Account, outcome.Result.Status, verify.Server, bound: true);
        return outcome;
    }

    private async Task<AccountState> ReadStateAsync(CheckSubject subject, CancellationToken cancellationToken) =>
        await directory.GetAccountStateAsync(
            new GetAccountStateRequest { Target = subject.Target, Account = subject.Account },
            deadline: Deadline(), cancellationToken: cancellationToken);

    /// <summary>
    /// The read-ahead state, if it still describes the account now that its lock and the directory slot are held: no
    /// check or rotation of the account ended since it was read (one of them may have made a failed bind), and it is
    /// not older than allowed. Null: the check reads the state itself.
    /// </summary>
    private AccountState? StillTrue(PrefetchedState? early, string targetId, string accountKey, string account)
    {
        if (early is null)
        {
            return null;
        }

        if (locks.ReleasedSince(targetId, accountKey, early.ReleaseMark))
        {
            CheckLog.ReadAheadDiscarded(logger, targetId, account, "the account was checked or rotated since");
            return null;
        }

        if (clock.GetElapsedTime(early.ReadStarted) > early.MaxAge)
        {
            CheckLog.ReadAheadDiscarded(logger, targetId, account, "it is older than allowed");
            return null;
        }

        return early.State;
    }

    /// <summary>Only the sync report passes a slot: its checks log at Debug (see <see cref="CheckLog.DecidedInReport"/>).</summary>
    private void LogDecided(DirectorySlot? slot, string targetId, string account, CheckStatus status, string server,
        bool bound)
    {
        if (slot is null)
        {
            CheckLog.Decided(logger, targetId, account, status, server, bound);
        }
        else
        {
            CheckLog.DecidedInReport(logger, targetId, account, status, server, bound);
        }
    }

    /// <summary>The answers the account state alone gives; null when only a bind can tell.</summary>
    private CheckOutcome? WithoutBind(CheckSubject subject, AccountState state)
    {
        var server = state.Server;
        var account = subject.Account;
        if (!state.Exists)
        {
            return Outcome(CheckStatus.AccountNotFound, Reason.AccountNotFound,
                $"The account '{account}' does not exist on {server}: correct the user name (or the Domain or Host), "
                + "or create the account in the directory.", server, RecordSyncStatus.OutOfSync);
        }

        if (!state.Enabled)
        {
            return Outcome(CheckStatus.Disabled, Reason.AccountDisabled,
                $"The account '{account}' is disabled on {server}; no password was tried. Enable it in the directory to "
                + "check its password.", server, null);
        }

        if (state.LockedOut)
        {
            var until = state.LockedOutUntil is { } end
                ? $"until {end.ToDateTimeOffset():u} (directory time)"
                : "until an administrator unlocks it";
            return Outcome(CheckStatus.LockedOut, Reason.AccountLocked,
                $"The account '{account}' is locked out on {server} {until}; no password was tried. Unlock it, then "
                + "check again.", server, null);
        }

        if (ChangedOutside(subject.StoredPasswordLastSet, state.PasswordLastSetRaw) is { } stored)
        {
            // No bind: the stored password is known to be older than the directory's, and right after an outside
            // reset AD still accepts the previous password for a while, so a bind could even wrongly "succeed".
            return new CheckOutcome(CheckResults.Create(CheckStatus.ChangedOutside, CheckResults.ChangedOutsideCode,
                $"The password of '{account}' was changed outside PasswordSync: the directory's password-last-set "
                + $"value on {server} is {state.PasswordLastSetRaw}, not {stored} as at the last verified sync. No "
                + "password was tried. Save and sync to set a known password, or store the account's new password "
                + "in the vault.", server, Now()), RecordSyncStatus.OutOfSync, null);
        }

        if (CheckLockoutRisk.Assess(state, Now(), options.Value) is { } risk)
        {
            return new CheckOutcome(CheckResults.Create(CheckStatus.SkippedLockoutRisk, risk.ReasonCode, risk.Message,
                server, Now()), null, null);
        }

        return null;
    }

    /// <summary>
    /// The stored value when the directory's differs from it. Never a clock comparison: the directory's own value is
    /// compared with the one it gave at the last verified sync. "0" (AD, shadow) marks "must change at next logon",
    /// not a new password, so it proves nothing and a bind decides.
    /// </summary>
    private static string? ChangedOutside(string? stored, string directoryValue) =>
        !string.IsNullOrEmpty(stored) && directoryValue.Length > 0 && directoryValue != "0"
        && !string.Equals(stored, directoryValue, StringComparison.Ordinal)
            ? stored
            : null;

    private CheckOutcome FromBind(CheckSubject subject, AccountState state, VerifyPasswordResponse verify)
    {
        var server = verify.Server.Length > 0 ? verify.Server : state.Server;
        var which = subject.IsCandidate ? "The supplied password" : "The stored password";
        var account = subject.Account;
        // A proven password makes the directory's value read just before the bind the new drift baseline ("0" is a
        // must-change marker, not a password stamp, so it is never stored as one).
        var baseline = state.PasswordLastSetRaw is { Length: > 0 } raw && raw != "0" ? raw : null;
        return verify.Outcome switch
        {
            VerifyOutcome.Accepted => Outcome(CheckStatus.InSync, Reason.Unspecified,
                $"{which} is what the directory accepts for '{account}' on {server}.", server,
                RecordSyncStatus.InSync, baseline),
            VerifyOutcome.Rejected => Outcome(CheckStatus.Mismatch, Reason.InvalidCredentials,
                subject.IsCandidate
                    ? $"The directory rejected the supplied password for '{account}' on {server}."
                    : $"The directory rejected the stored password for '{account}' on {server}: the vault and the "
                      + "directory disagree. Save and sync a new password, or store the account's current password "
                      + "in the vault.", server, RecordSyncStatus.OutOfSync),
            VerifyOutcome.CorrectMustChange => Outcome(CheckStatus.MustChange, Reason.MustChangePassword,
                $"{which} is correct for '{account}' on {server}, but the account must change it at next logon.",
                server, RecordSyncStatus.InSync, baseline),
            VerifyOutcome.CorrectPasswordExpired => Outcome(CheckStatus.MustChange, Reason.PasswordExpired,
                $"{which} is correct for '{account}' on {server}, but it has expired: rotate it.", server,
                RecordSyncStatus.InSync, baseline),
            VerifyOutcome.CorrectLogonRestricted => Outcome(CheckStatus.InSync, Reason.LogonRestricted,
                $"{which} is correct for '{account}' on {server}; logon hours or workstation restrictions refuse "
                + "logons right now.", server, RecordSyncStatus.InSync, baseline),
            VerifyOutcome.AccountLocked => Outcome(CheckStatus.LockedOut, Reason.AccountLocked,
                $"The account '{account}' is locked out on {server}: unlock it, then check again.", server, null),
            VerifyOutcome.AccountDisabled => Outcome(CheckStatus.Disabled, Reason.AccountDisabled,
                $"The account '{account}' is disabled on {server}: enable it to check its password.", server, null),
            VerifyOutcome.AccountExpired => Outcome(CheckStatus.Disabled, Reason.AccountExpired,
                $"The account '{account}' has expired on {server}: extend its expiry date to check its password.",
                server, null),
            VerifyOutcome.AccountNotFound => Outcome(CheckStatus.AccountNotFound, Reason.AccountNotFound,
                $"The account '{account}' does not exist on {server}.", server, RecordSyncStatus.OutOfSync),
            _ => Outcome(CheckStatus.Error, Reason.Unsupported,
                $"directory-sync gave an outcome this gateway does not know ({verify.Outcome}) for '{account}' on "
                + $"{server}; update the gateway.", server, null),
        };
    }

    private CheckOutcome Outcome(CheckStatus status, Reason reason, string message, string server,
        RecordSyncStatus? verdict, string? baseline = null) =>
        new(CheckResults.Create(status, reason == Reason.Unspecified ? "" : RpcErrors.ReasonName(reason), message,
            server, Now()), verdict, baseline);

    private DateTimeOffset Now() => clock.GetUtcNow();

    // gRPC deadlines run on the system clock, whatever clock the checks are judged by.
    private DateTime Deadline() => DateTime.UtcNow + options.Value.DirectoryCallTimeout;
}
