using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>
/// Local accounts of Linux hosts over SSH: reset with <c>sudo -n /usr/sbin/chpasswd</c> reading <c>user:password</c>
/// from stdin, verify by a password login as the account, state from <c>getent</c>. Changing a password as the
/// account itself is not supported (it would mean driving <c>passwd</c>'s prompts on a terminal): use a reset.
/// </summary>
internal sealed class LinuxSshConnector(ILogger<LinuxSshConnector> logger) : IDirectoryConnector
{
    public IReadOnlyCollection<DirectoryKind> Kinds { get; } = [DirectoryKind.SshLinux];

    public async Task<VerifyResult> VerifyAsync(DirectoryTarget target, AccountName account, Secret password,
        string? pinnedServer, CancellationToken cancellationToken)
    {
        var user = LinuxAccountNames.Validate(account);
        HostPasswordRules.Validate(password, "password");
        VerifyResult result;
        try
        {
            using var session = await SshSessions.OpenAsync(target, pinnedServer, user, password, privileged: false,
                cancellationToken);
            result = new VerifyResult(VerifyOutcome.Accepted, session.Endpoint.Host, "The host accepted the password.");
        }
        catch (DirectoryException refused) when (refused.Reason == Reason.InvalidCredentials)
        {
            result = await ExplainRefusedLoginAsync(target, account, refused.Server, cancellationToken);
        }

        SshLog.Verified(logger, target.Id, user, result.Server, result.Outcome);
        return result;
    }

    public Task<WriteResult> ResetAsync(DirectoryTarget target, AccountName account, Secret newPassword,
        string? pinnedServer, CancellationToken cancellationToken) =>
        LoggedAsync(target, "reset", account, async () =>
        {
            // Both checks come before any connection: a rejected request leaves no trace on the host.
            var user = LinuxAccountNames.Validate(account);
            HostPasswordRules.Validate(newPassword, "new password");
            using var session = await SshSessions.OpenPrivilegedAsync(target, pinnedServer, cancellationToken);
            await RequireAccountAsync(session, target, user, cancellationToken);

            var result = await session.RunAsync(LinuxCommands.SetPassword, LinuxCommands.ChpasswdInput(user, newPassword),
                target.OperationTimeout, cancellationToken);
            if (result.ExitStatus != 0)
            {
                // Belt and braces: no known chpasswd or PAM message echoes the password, but never log it if one did.
                SshLog.CommandFailed(logger, target.Id, session.Endpoint.Host, result.ExitStatus,
                    result.Error.Replace(newPassword.Reveal(), "***", StringComparison.Ordinal).Trim());
                throw ResetRefused(session.Endpoint, target, user, result);
            }

            SshLog.PasswordReset(logger, target.Id, user, session.Endpoint.Host);
            var shadow = await ReadShadowAsync(session, target, user, cancellationToken);
            return new WriteResult(session.Endpoint.Host, shadow?.LastChangeDay);
        });

    public Task<WriteResult> ChangeAsync(DirectoryTarget target, AccountName account, Secret oldPassword,
        Secret newPassword, string? pinnedServer, CancellationToken cancellationToken) =>
        Task.FromException<WriteResult>(new DirectoryException(FailureClass.Unsupported, Reason.Unsupported,
            "Changing a Linux password as the account itself is not supported: reset it with the target's "
            + "privileged account instead."));

    public Task<AccountState> GetAccountStateAsync(DirectoryTarget target, AccountName account, string? pinnedServer,
        CancellationToken cancellationToken) =>
        LoggedAsync(target, "state", account, async () =>
        {
            var user = LinuxAccountNames.Validate(account);
            using var session = await SshSessions.OpenPrivilegedAsync(target, pinnedServer, cancellationToken);
            var server = session.Endpoint.Host;
            var passwd = await session.RunAsync(LinuxCommands.PasswdEntry(user), null, target.OperationTimeout,
                cancellationToken);
            if (passwd.ExitStatus != 0)
            {
                return new AccountState(false, false, false, null, 0, null, null, null, false, null, null, server, null);
            }

            var shadow = await ReadShadowAsync(session, target, user, cancellationToken)
                ?? throw SshFailures.SudoRefused(session.Endpoint, target.PrivilegedAccount, "/usr/bin/getent shadow");
            var expired = shadow.AccountExpires is { } expires && expires <= DateTimeOffset.UtcNow;
            // Failed-login counters (pam_faillock) are not read: BadPasswordCount stays 0 and no lockout policy is
            // claimed, so callers cannot mistake "unknown" for "safe".
            return new AccountState(Exists: true, Enabled: !expired, LockedOut: shadow.Locked, LockedOutUntil: null,
                BadPasswordCount: 0, LastBadPasswordTime: null, LockoutPolicy: null,
                PasswordLastSetRaw: shadow.LastChangeDay, MustChangePassword: shadow.MustChange,
                AccountExpires: shadow.AccountExpires, PasswordExpires: shadow.PasswordExpires, Server: server,
                DistinguishedName: null);
        });

    public Task<IReadOnlyList<TargetCheck>> TestAsync(DirectoryTarget target, CancellationToken cancellationToken) =>
        SshTargetTest.RunAsync(target, LinuxCommands.CanSetPasswords,
            $"Add a sudoers rule: {target.PrivilegedAccount} ALL=(root) NOPASSWD: {LinuxCommands.Chpasswd}",
            cancellationToken);

    private static async Task RequireAccountAsync(SshSession session, DirectoryTarget target, string user,
        CancellationToken cancellationToken)
    {
        var passwd = await session.RunAsync(LinuxCommands.PasswdEntry(user), null, target.OperationTimeout,
            cancellationToken);
        if (passwd.ExitStatus != 0)
        {
            throw new DirectoryException(FailureClass.Configuration, Reason.AccountNotFound,
                $"No local account '{user}' on {session.Endpoint.Host}.", session.Endpoint.Host);
        }
    }

    /// <summary>The account's shadow entry, or null when sudo refuses to read it.</summary>
    private static async Task<ShadowEntry?> ReadShadowAsync(SshSession session, DirectoryTarget target, string user,
        CancellationToken cancellationToken)
    {
        var result = await session.RunAsync(LinuxCommands.ShadowEntry(user), null, target.OperationTimeout,
            cancellationToken);
        return result.ExitStatus == 0 ? ShadowEntry.Parse(result.Output) : null;
    }

    private async Task<VerifyResult> ExplainRefusedLoginAsync(DirectoryTarget target, AccountName account,
        string? server, CancellationToken cancellationToken)
    {
        var answeredBy = server ?? target.Endpoints[0].Host;
        try
        {
            var state = await GetAccountStateAsync(target, account, server, cancellationToken);
            return state switch
            {
                { Exists: false } => new(VerifyOutcome.AccountNotFound, answeredBy, $"No local account '{account}'."),
                { LockedOut: true } => new(VerifyOutcome.AccountLocked, answeredBy,
                    "The account's password is locked (passwd -l): the password could not be checked."),
                { Enabled: false } => new(VerifyOutcome.AccountExpired, answeredBy, "The account has expired."),
                _ => new(VerifyOutcome.Rejected, answeredBy, "The host refused the password."),
            };
        }
        catch (DirectoryException)
        {
            // Without the privileged view the refusal stays unexplained, which is still a refusal.
            return new(VerifyOutcome.Rejected, answeredBy, "The host refused the password.");
        }
    }

    private static DirectoryException ResetRefused(DirectoryEndpoint endpoint, DirectoryTarget target, string user,
        SshCommandResult result)
    {
        if (SshFailures.IsSudoRefusal(result))
        {
            return SshFailures.SudoRefused(endpoint, target.PrivilegedAccount, LinuxCommands.Chpasswd);
        }

        return result.Error.Contains("pam_chauthtok", StringComparison.Ordinal)
            || result.Error.Contains("BAD PASSWORD", StringComparison.Ordinal)
            ? new DirectoryException(FailureClass.Policy, Reason.PasswordPolicy,
                $"{endpoint.Host} refused the new password of {user} (its PAM password rules): choose a password "
                + "that satisfies them.", endpoint.Host)
            : new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                $"chpasswd on {endpoint.Host} failed for {user} with exit status {result.ExitStatus}.", endpoint.Host);
    }

    private async Task<T> LoggedAsync<T>(DirectoryTarget target, string operation, AccountName account,
        Func<Task<T>> body)
    {
        try
        {
            return await body();
        }
        catch (DirectoryException exception)
        {
            // The account name may be the invalid input itself: log its length only when it failed validation.
            var name = exception.Reason == Reason.InvalidArgument ? $"<{account.Value.Length} chars>" : account.Value;
            SshLog.OperationFailed(logger, target.Id, operation, name, exception.FailureClass, exception.Reason,
                exception.Message);
            throw;
        }
    }
}
