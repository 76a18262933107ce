using System.DirectoryServices.Protocols;
using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>
/// OpenLDAP and other RFC-compliant directories: Password Modify (RFC 3062) for resets (as the privileged DN) and
/// changes (bound as the account with its old password), one bind to verify, ppolicy operational attributes for state.
/// </summary>
internal sealed class OpenLdapConnector(LdapSessionFactory sessions, TimeProvider time, ILogger<OpenLdapConnector> logger)
    : IDirectoryConnector
{
    public IReadOnlyCollection<DirectoryKind> Kinds { get; } = [DirectoryKind.Ldap];

    public async Task<VerifyResult> VerifyAsync(DirectoryTarget target, AccountName account, Secret password,
        string? pinnedServer, CancellationToken cancellationToken)
    {
        LdapAccounts.Validate(account);
        var accountDn = await AccountDnAsync(target, account, pinnedServer, cancellationToken);
        if (accountDn is null)
        {
            return new VerifyResult(VerifyOutcome.AccountNotFound, pinnedServer ?? target.Endpoints[0].Host,
                $"No account '{account.Value}' under {target.BaseDn}.");
        }

        try
        {
            using var session = await sessions.OpenAsync(target, pinnedServer, accountDn, password,
                LdapBindRole.Account, cancellationToken);
            var result = await IsRestrictedToPasswordChangeAsync(session, accountDn, cancellationToken)
                ? new VerifyResult(VerifyOutcome.CorrectMustChange, session.Server,
                    "The password is correct, but the account must change it before using the directory (pwdReset).")
                : new VerifyResult(VerifyOutcome.Accepted, session.Server, "The directory accepted the password.");
            OpenLdapLog.Verified(logger, target.Id, accountDn, result.Server, result.Outcome);
            return result;
        }
        catch (DirectoryException refused) when (refused.Reason == Reason.InvalidCredentials)
        {
            var result = await ExplainRefusedBindAsync(target, account, refused.Server, cancellationToken);
            OpenLdapLog.Verified(logger, target.Id, accountDn, result.Server, result.Outcome);
            return result;
        }
    }

    public Task<WriteResult> ResetAsync(DirectoryTarget target, AccountName account, Secret newPassword,
        string? pinnedServer, CancellationToken cancellationToken) =>
        LoggedAsync(target, "reset", account, async () =>
        {
            LdapAccounts.Validate(account);
            RequirePassword(newPassword);
            using var session = await OpenPrivilegedAsync(target, pinnedServer, cancellationToken);
            var entry = await LdapAccounts.FindAsync(session, target, account, cancellationToken)
                ?? throw LdapAccounts.NotFound(target, account, session.Server);
            await session.PasswordModifyAsync(entry.DistinguishedName, null, newPassword, entry.DistinguishedName,
                cancellationToken);
            OpenLdapLog.PasswordReset(logger, target.Id, entry.DistinguishedName, session.Server);
            return new WriteResult(session.Server,
                await PasswordChangedTimeAsync(session, target, account, cancellationToken));
        });

    public Task<WriteResult> ChangeAsync(DirectoryTarget target, AccountName account, Secret oldPassword,
        Secret newPassword, string? pinnedServer, CancellationToken cancellationToken) =>
        LoggedAsync(target, "change", account, async () =>
        {
            LdapAccounts.Validate(account);
            RequirePassword(newPassword);
            var accountDn = await AccountDnAsync(target, account, pinnedServer, cancellationToken)
                ?? throw LdapAccounts.NotFound(target, account, pinnedServer ?? target.Endpoints[0].Host);
            string server;
            try
            {
                using var session = await sessions.OpenAsync(target, pinnedServer, accountDn, oldPassword,
                    LdapBindRole.Account, cancellationToken);
                server = session.Server;
                await session.PasswordModifyAsync(null, oldPassword, newPassword, accountDn, cancellationToken);
            }
            catch (DirectoryException refused) when (refused.Reason == Reason.InvalidCredentials)
            {
                var explained = await ExplainRefusedBindAsync(target, account, refused.Server, cancellationToken);
                throw explained.Outcome == VerifyOutcome.AccountLocked
                    ? new DirectoryException(FailureClass.Credential, Reason.AccountLocked,
                        $"{accountDn} is locked out: its password cannot be changed until the lock ends or an "
                        + "administrator resets it.", refused.Server, refused)
                    : new DirectoryException(FailureClass.Credential, Reason.InvalidCredentials,
                        $"The directory refused the old password of {accountDn}: the change was not made.",
                        refused.Server, refused);
            }

            OpenLdapLog.PasswordChanged(logger, target.Id, accountDn, server);
            using var privileged = await OpenPrivilegedAsync(target, server, cancellationToken);
            return new WriteResult(server, await PasswordChangedTimeAsync(privileged, target, account, cancellationToken));
        });

    public Task<AccountState> GetAccountStateAsync(DirectoryTarget target, AccountName account, string? pinnedServer,
        CancellationToken cancellationToken) =>
        LoggedAsync(target, "state", account, async () =>
        {
            LdapAccounts.Validate(account);
            using var session = await OpenPrivilegedAsync(target, pinnedServer, cancellationToken);
            var entry = await LdapAccounts.FindAsync(session, target, account, cancellationToken);
            if (entry is null)
            {
                return PpolicyAccountState.NotFound(session.Server);
            }

            var policy = await PasswordPolicyReader.ForAccountAsync(session, target.BaseDn, entry, cancellationToken);
            return PpolicyAccountState.From(entry, policy, session.Server, time.GetUtcNow());
        });

    public Task<IReadOnlyList<TargetCheck>> TestAsync(DirectoryTarget target, CancellationToken cancellationToken) =>
        OpenLdapTargetTest.RunAsync(sessions, target, cancellationToken);

    private Task<LdapSession> OpenPrivilegedAsync(DirectoryTarget target, string? pinnedServer,
        CancellationToken cancellationToken) =>
        sessions.OpenAsync(target, pinnedServer, target.PrivilegedAccount, target.PrivilegedPassword,
            LdapBindRole.Privileged, cancellationToken);

    /// <summary>The DN as given, or the uid looked up as the privileged account; null when there is no such uid.</summary>
    private async Task<string?> AccountDnAsync(DirectoryTarget target, AccountName account, string? pinnedServer,
        CancellationToken cancellationToken)
    {
        if (LdapAccounts.IsDn(account.Value, target.BaseDn))
        {
            return account.Value;
        }

        using var session = await OpenPrivilegedAsync(target, pinnedServer, cancellationToken);
        return (await LdapAccounts.FindAsync(session, target, account, cancellationToken))?.DistinguishedName;
    }

    /// <summary>
    /// A refused bind does not say why; the privileged account reads the ppolicy state (which costs the account no
    /// failure) to tell a wrong password from a missing or locked account.
    /// </summary>
    private async Task<VerifyResult> ExplainRefusedBindAsync(DirectoryTarget target, AccountName account,
        string? server, CancellationToken cancellationToken)
    {
        var answeredBy = server ?? target.Endpoints[0].Host;
        try
        {
            var state = await GetAccountStateAsync(target, account, server, cancellationToken);
            return state switch
            {
                { Exists: false } => new VerifyResult(VerifyOutcome.AccountNotFound, answeredBy,
                    $"No account '{account.Value}' exists."),
                { LockedOut: true } => new VerifyResult(VerifyOutcome.AccountLocked, answeredBy,
                    "The account is locked out (pwdAccountLockedTime): the password could not be checked."),
                _ => new VerifyResult(VerifyOutcome.Rejected, answeredBy, "The directory refused the password."),
            };
        }
        catch (DirectoryException exception)
        {
            OpenLdapLog.StateAfterBindUnavailable(logger, target.Id, account.Value, exception.Message);
            return new VerifyResult(VerifyOutcome.Rejected, answeredBy, "The directory refused the password.");
        }
    }

    /// <summary>
    /// After an administrative reset under pwdMustChange, ppolicy lets the account bind but restricts the connection
    /// to changing its password; reading its own entry shows it without touching lockout counters (the root DSE would
    /// not: it is outside the database the overlay guards).
    /// </summary>
    private static async Task<bool> IsRestrictedToPasswordChangeAsync(LdapSession session, string accountDn,
        CancellationToken cancellationToken)
    {
        try
        {
            await session.SearchAsync(accountDn, "(objectClass=*)", SearchScope.Base, ["1.1"], accountDn,
                cancellationToken);
            return false;
        }
        catch (DirectoryException exception) when (exception.Reason == Reason.MustChangePassword)
        {
            return true;
        }
        catch (DirectoryException)
        {
            // The account may not read its own entry at all: that says nothing about its password.
            return false;
        }
    }

    private static async Task<string?> PasswordChangedTimeAsync(LdapSession session, DirectoryTarget target,
        AccountName account, CancellationToken cancellationToken)
    {
        var entry = await LdapAccounts.FindAsync(session, target, account, cancellationToken);
        return entry is null ? null : LdapEntries.Single(entry, "pwdChangedTime");
    }

    private static void RequirePassword(Secret password)
    {
        if (string.IsNullOrEmpty(password.Reveal()))
        {
            throw new DirectoryException(FailureClass.Configuration, Reason.InvalidArgument,
                "The new password is empty: give a password.");
        }
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
            OpenLdapLog.OperationFailed(logger, target.Id, operation, account.Value, exception.FailureClass,
                exception.Reason, exception.Message);
            throw;
        }
    }
}
