using System.DirectoryServices.Protocols;
using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>
/// OpenLDAP and other RFC-compliant directories: Password Modify (RFC 3062) for resets (as the privileged DN) and
/// changes (bound as the account with its old password), one bind to verify, ppolicy operational attributes for state.
/// Privileged work and verify binds run on pooled connections (<see cref="OpenLdapConnections"/>); an account's DN is
/// remembered for a short while (<see cref="AccountDnCache"/>) so a verify after a state read or a reset does not search.
/// </summary>
internal sealed class OpenLdapConnector(
    LdapSessionFactory sessions,
    OpenLdapConnections connections,
    AccountDnCache accountDns,
    TimeProvider time,
    ILogger<OpenLdapConnector> logger)
    : IDirectoryConnector
{
    public IReadOnlyCollection<DirectoryKind> Kinds { get; } = [DirectoryKind.Ldap];

    public async Task<VerifyResult> VerifyAsync(DirectoryTarget target, AccountName account, Secret password,
        string? pinnedServer, CancellationToken cancellationToken)
    {
        LdapAccounts.Validate(account);
        var dnWasRemembered = !LdapAccounts.IsDn(account.Value, target.BaseDn) && accountDns.TryGet(target, account, out _);
        var accountDn = await AccountDnAsync(target, account, pinnedServer, cancellationToken);
        if (accountDn is null)
        {
            return new VerifyResult(VerifyOutcome.AccountNotFound, pinnedServer ?? target.Endpoints[0].Host,
                $"No account '{account.Value}' under {target.BaseDn}.");
        }

        try
        {
            return await BindAndCheckAsync(target, pinnedServer, accountDn, password, cancellationToken);
        }
        catch (DirectoryException refused) when (refused.Reason == Reason.InvalidCredentials)
        {
            // A refused bind at a DN remembered from an earlier call may mean the account moved: a bind at a DN with
            // no entry counts no failure anywhere, so look it up once more and bind where it lives now.
            var current = dnWasRemembered
                ? await RefreshedDnAsync(target, account, accountDn, pinnedServer, cancellationToken)
                : null;
            if (current is not null)
            {
                try
                {
                    return await BindAndCheckAsync(target, pinnedServer, current, password, cancellationToken);
                }
                catch (DirectoryException refusedAgain) when (refusedAgain.Reason == Reason.InvalidCredentials)
                {
                    refused = refusedAgain;
                }
            }

            var result = await ExplainRefusedBindAsync(target, account, refused.Server, cancellationToken);
            OpenLdapLog.Verified(logger, target.Id, current ?? accountDn, result.Server, result.Outcome);
            return result;
        }
    }

    private async Task<VerifyResult> BindAndCheckAsync(DirectoryTarget target, string? pinnedServer, string accountDn,
        Secret password, CancellationToken cancellationToken)
    {
        var result = await connections.BindAsAccountAsync(target, pinnedServer, accountDn, password,
            async session => await IsRestrictedToPasswordChangeAsync(session, accountDn, cancellationToken)
                ? new VerifyResult(VerifyOutcome.CorrectMustChange, session.Server,
                    "The password is correct, but the account must change it before using the directory (pwdReset).")
                : new VerifyResult(VerifyOutcome.Accepted, session.Server, "The directory accepted the password."),
            cancellationToken);
        OpenLdapLog.Verified(logger, target.Id, accountDn, result.Server, result.Outcome);
        return result;
    }

    /// <summary>
    /// After a refused bind at a DN that came from the cache: forgets it and looks the account up again. The new DN
    /// when the account now lives elsewhere; null when it is where it was (or gone).
    /// </summary>
    private async Task<string?> RefreshedDnAsync(DirectoryTarget target, AccountName account, string boundDn,
        string? pinnedServer, CancellationToken cancellationToken)
    {
        accountDns.Invalidate(target, account);
        var current = await AccountDnAsync(target, account, pinnedServer, cancellationToken);
        return current is not null && !string.Equals(current, boundDn, StringComparison.OrdinalIgnoreCase)
            ? current
            : null;
    }

    public Task<WriteResult> ResetAsync(DirectoryTarget target, AccountName account, Secret newPassword,
        string? pinnedServer, CancellationToken cancellationToken) =>
        LoggedAsync(target, "reset", account, async () =>
        {
            LdapAccounts.Validate(account);
            RequirePassword(newPassword);
            return await connections.WithPrivilegedAsync(target, pinnedServer, async session =>
            {
                // Looked up now, never taken from the DN cache: a write must land on this account, and a remembered
                // DN could (rarely) name another entry by now. The verify that follows finds the DN remembered.
                var accountDn = await LdapAccounts.FindDnAsync(session, target, account, cancellationToken)
                    ?? throw LdapAccounts.NotFound(target, account, session.Server);
                if (!LdapAccounts.IsDn(account.Value, target.BaseDn))
                {
                    accountDns.Remember(target, account, accountDn);
                }

                await session.PasswordModifyAsync(accountDn, null, newPassword, accountDn, cancellationToken);

                OpenLdapLog.PasswordReset(logger, target.Id, accountDn, session.Server);
                return new WriteResult(session.Server,
                    await PasswordChangedTimeAsync(session, accountDn, cancellationToken));
            }, cancellationToken);
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
            return await connections.WithPrivilegedAsync(target, server, async privileged =>
                new WriteResult(server, await PasswordChangedTimeAsync(privileged, accountDn, cancellationToken)),
                cancellationToken);
        });

    public Task<AccountState> GetAccountStateAsync(DirectoryTarget target, AccountName account, string? pinnedServer,
        CancellationToken cancellationToken) =>
        LoggedAsync(target, "state", account, async () =>
        {
            LdapAccounts.Validate(account);
            return await connections.WithPrivilegedAsync(target, pinnedServer, async session =>
            {
                var entry = await FindRememberingAsync(session, target, account, cancellationToken);
                if (entry is null)
                {
                    return PpolicyAccountState.NotFound(session.Server);
                }

                var policy = await PasswordPolicyReader.ForAccountAsync(session, target.BaseDn, entry,
                    cancellationToken);
                return PpolicyAccountState.From(entry, policy, session.Server, time.GetUtcNow());
            }, cancellationToken);
        });

    public Task<IReadOnlyList<TargetCheck>> TestAsync(DirectoryTarget target, CancellationToken cancellationToken) =>
        OpenLdapTargetTest.RunAsync(sessions, target, cancellationToken);

    /// <summary>
    /// The DN as given, or the uid's DN (remembered, or looked up as the privileged account); null when there is no
    /// such uid.
    /// </summary>
    private async Task<string?> AccountDnAsync(DirectoryTarget target, AccountName account, string? pinnedServer,
        CancellationToken cancellationToken)
    {
        if (LdapAccounts.IsDn(account.Value, target.BaseDn))
        {
            return account.Value;
        }

        if (accountDns.TryGet(target, account, out var known))
        {
            return known;
        }

        return await connections.WithPrivilegedAsync(target, pinnedServer,
            async session => (await FindRememberingAsync(session, target, account, cancellationToken))
                ?.DistinguishedName,
            cancellationToken);
    }

    /// <summary>
    /// The account's entry with its ppolicy state: read at its remembered DN (one base read), else searched by uid;
    /// the DN found is remembered, a missing account forgotten.
    /// </summary>
    private async Task<SearchResultEntry?> FindRememberingAsync(LdapSession session, DirectoryTarget target,
        AccountName account, CancellationToken cancellationToken)
    {
        if (!LdapAccounts.IsDn(account.Value, target.BaseDn) && accountDns.TryGet(target, account, out var known)
            && await LdapAccounts.FindAsync(session, target, new AccountName(known), cancellationToken) is { } atKnown
            && UidMatches(atKnown, account))
        {
            return atKnown;
        }

        var entry = await LdapAccounts.FindAsync(session, target, account, cancellationToken);
        if (entry is null || LdapAccounts.IsDn(account.Value, target.BaseDn))
        {
            accountDns.Invalidate(target, account);
        }
        else
        {
            accountDns.Remember(target, account, entry.DistinguishedName);
        }

        return entry;
    }

    // A remembered DN now holding another entry (the account renamed, another one created there) is not the account.
    private static bool UidMatches(SearchResultEntry entry, AccountName account) =>
        LdapEntries.All(entry, "uid").Any(uid => string.Equals(uid, account.Value, StringComparison.OrdinalIgnoreCase));

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

    /// <summary>One base read of the entry's pwdChangedTime (null when the entry or the attribute is missing).</summary>
    private static async Task<string?> PasswordChangedTimeAsync(LdapSession session, string accountDn,
        CancellationToken cancellationToken)
    {
        try
        {
            var response = await session.SearchAsync(accountDn, "(objectClass=*)", SearchScope.Base,
                ["pwdChangedTime"], accountDn, cancellationToken);
            return response.Entries.Count == 1 ? LdapEntries.Single(response.Entries[0], "pwdChangedTime") : null;
        }
        catch (DirectoryException exception) when (exception.Reason == Reason.AccountNotFound)
        {
            return null;
        }
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
