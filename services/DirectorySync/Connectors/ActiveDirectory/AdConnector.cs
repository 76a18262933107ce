using System.DirectoryServices.Protocols;
using System.Net;
using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// Active Directory over LDAPS (System.DirectoryServices.Protocols). Works on one DC per call (the service layer
/// chooses it and fails over); every LDAP call runs on a worker thread so a caller's cancellation (timeouts) is never
/// blocked by libldap's synchronous calls.
/// </summary>
internal sealed class AdConnector(
    AdConnectionFactory factory,
    LdapConnectionPools pools,
    AccountDnCache accountDns,
    AdDomainCache domainCache,
    PdcLocator pdcLocator,
    AdTargetTester tester,
    ILogger<AdConnector> logger) : IDirectoryConnector
{
    public IReadOnlyCollection<DirectoryKind> Kinds { get; } = [DirectoryKind.ActiveDirectory];

    public Task<IReadOnlyList<DirectoryEndpoint>> OrderEndpointsAsync(DirectoryTarget target,
        CancellationToken cancellationToken) => pdcLocator.OrderAsync(target, this, cancellationToken);

    public async Task<VerifyResult> VerifyAsync(DirectoryTarget target, AccountName account, Secret password,
        string? pinnedServer, CancellationToken cancellationToken)
    {
        var endpoint = Resolve(target, pinnedServer);
        var server = endpoint.ToString();
        var cached = accountDns.TryGet(target, account, out var dn);
        if (!cached)
        {
            dn = await LookUpDnAsync(target, endpoint, account, cancellationToken) ?? "";
        }

        if (dn.Length == 0)
        {
            return Result(VerifyOutcome.AccountNotFound, server);
        }

        // An empty password makes an LDAP simple bind anonymous, which "succeeds": never bind with one.
        if (password.Reveal().Length == 0)
        {
            return Result(VerifyOutcome.Rejected, server);
        }

        var outcome = await BindAsAccountAsync(target, endpoint, dn, password, cancellationToken);
        if (outcome is VerifyOutcome.AccountNotFound or VerifyOutcome.Rejected && cached)
        {
            // The DN came from the cache and the bind failed: the account may have been renamed, moved or deleted
            // since (AD answers data 525, Samba 52e for a DN with no user; neither counts a bad password, there is no
            // account there). Look it up once more and, only when it now lives at ANOTHER DN, bind there: the
            // account itself is still tried once. Same DN: the password really is wrong, and it is not sent again.
            accountDns.Invalidate(target, account);
            var current = await LookUpDnAsync(target, endpoint, account, cancellationToken);
            if (current is not null && !string.Equals(current, dn, StringComparison.OrdinalIgnoreCase))
            {
                outcome = await BindAsAccountAsync(target, endpoint, current, password, cancellationToken);
            }
        }

        AdConnectorLog.Verified(logger, target.Id, server, account.Value, outcome);
        return Result(outcome, server);
    }

    public async Task<WriteResult> ResetAsync(DirectoryTarget target, AccountName account, Secret newPassword,
        string? pinnedServer, CancellationToken cancellationToken)
    {
        var endpoint = Resolve(target, pinnedServer);
        var result = await WithPrivilegedAsync(target, endpoint, "resetting the password", directory =>
        {
            // Always looked up, never taken from the DN cache: a write must land on this account, and a remembered
            // DN could (rarely) name another entry by now. The verify that follows finds the DN remembered.
            var dn = FoundDn(directory, target, account);
            var modify = new ModifyRequest(dn, DirectoryAttributeOperation.Replace, "unicodePwd",
                AdPassword.Encode(newPassword));
            directory.Modify(modify, "resetting the password");
            return new WriteResult(endpoint.ToString(), directory.ReadPasswordLastSet(dn));
        }, cancellationToken);
        AdConnectorLog.Reset(logger, target.Id, result.Server, account.Value);
        return result;
    }

    public async Task<WriteResult> ChangeAsync(DirectoryTarget target, AccountName account, Secret oldPassword,
        Secret newPassword, string? pinnedServer, CancellationToken cancellationToken)
    {
        var endpoint = Resolve(target, pinnedServer);
        var server = endpoint.ToString();
        var dn = await WithPrivilegedAsync(target, endpoint, "looking up the account",
            directory => FoundDn(directory, target, account), cancellationToken);
        var modify = new ModifyRequest(dn,
            new DirectoryAttributeModification
            {
                Name = "unicodePwd",
                Operation = DirectoryAttributeOperation.Delete,
            },
            new DirectoryAttributeModification { Name = "unicodePwd", Operation = DirectoryAttributeOperation.Add });
        modify.Modifications[0].Add(AdPassword.Encode(oldPassword));
        modify.Modifications[1].Add(AdPassword.Encode(newPassword));

        var changedAsUser = await OnServerAsync(target, endpoint, "changing the password", () =>
        {
            LdapConnection connection;
            try
            {
                // A connection bound as the user: never pooled (the privileged pool holds privileged binds only).
                connection = factory.OpenAndBind(target, endpoint, dn, oldPassword, LdapConnectionRole.Bind);
            }
            catch (LdapException e) when (e.ErrorCode == AdBindCode.InvalidCredentials)
            {
                var outcome = AdBindCode.ToOutcome(AdBindCode.SubCode(e));
                if (outcome is VerifyOutcome.CorrectMustChange or VerifyOutcome.CorrectPasswordExpired
                    or VerifyOutcome.CorrectLogonRestricted)
                {
                    // The old password is right but the account may not log on (must change / expired): exactly
                    // when a change is needed. The delete-old/add-new modify proves the old password itself, so it
                    // is sent over the privileged connection below.
                    return false;
                }

                throw ChangeRefused(outcome, account, server, e);
            }

            using (connection)
            {
                new AdDirectory(connection, target, server).Modify(modify, "changing the password");
            }

            return true;
        }, cancellationToken);

        var result = await WithPrivilegedAsync(target, endpoint, "changing the password", directory =>
        {
            if (!changedAsUser)
            {
                directory.Modify(modify, "changing the password");
            }

            return new WriteResult(server, directory.ReadPasswordLastSet(dn));
        }, cancellationToken, idempotent: changedAsUser);
        AdConnectorLog.Changed(logger, target.Id, server, account.Value);
        return result;
    }

    public async Task<AccountState> GetAccountStateAsync(DirectoryTarget target, AccountName account,
        string? pinnedServer, CancellationToken cancellationToken)
    {
        var endpoint = Resolve(target, pinnedServer);
        var state = await WithPrivilegedAsync(target, endpoint, "reading the account state",
            directory => AdAccountStateReader.Read(directory, account, endpoint.ToString(),
                accountDns.TryGet(target, account, out var known) ? known : null), cancellationToken);
        RememberDn(target, account, state);
        return state;
    }

    /// <summary>
    /// Several accounts over one privileged connection to one DC: one search for all of those the lean read settles
    /// (<see cref="AdAccountStateBatch"/>), single reads for the rest; each state exactly what
    /// <see cref="GetAccountStateAsync"/> returns. The DN cache is kept as the single read keeps it.
    /// </summary>
    public async Task<IReadOnlyList<SettledAccountState>> GetAccountStatesAsync(DirectoryTarget target,
        IReadOnlyList<AccountName> accounts, string? pinnedServer, CancellationToken cancellationToken)
    {
        var endpoint = Resolve(target, pinnedServer);
        var server = endpoint.ToString();
        var settled = await WithPrivilegedAsync(target, endpoint, "reading the account states",
            directory => AdAccountStateBatch.Read(directory, accounts, server,
                account => accountDns.TryGet(target, account, out var known) ? known : null), cancellationToken);
        foreach (var (account, state) in settled)
        {
            RememberDn(target, account, state);
        }

        return settled;
    }

    private void RememberDn(DirectoryTarget target, AccountName account, AccountState state)
    {
        if (state.DistinguishedName is { } dn)
        {
            accountDns.Remember(target, account, dn);
        }
        else
        {
            accountDns.Invalidate(target, account);
        }
    }

    public Task<IReadOnlyList<TargetCheck>> TestAsync(DirectoryTarget target, CancellationToken cancellationToken) =>
        tester.TestAsync(target, this, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> over a privileged connection to one DC, rented from the pool (used by this call
    /// alone, back to the pool only after a clean run). When a RENTED connection turns out dead (server down or
    /// connect error: the DC restarted or closed it) and the work is idempotent (searches, resets), it runs once more
    /// on a fresh connection, so a stale pooled connection never surfaces as a failure.
    /// </summary>
    internal Task<T> WithPrivilegedAsync<T>(DirectoryTarget target, DirectoryEndpoint endpoint, string what,
        Func<AdDirectory, T> work, CancellationToken cancellationToken, bool idempotent = true) =>
        OnServerAsync(target, endpoint, what, () =>
        {
            var pool = pools.Privileged;
            var key = pool.KeyFor(target, endpoint);
            if (pool.TryRent(key) is { } rented)
            {
                try
                {
                    return RunPooled(key, rented, target, endpoint, work);
                }
                catch (LdapException e) when (idempotent && IsConnectionLost(e))
                {
                    // Stale pooled connection (already disposed): fall through to a fresh one, once.
                }
            }

            return RunPooled(key, BindPrivileged(target, endpoint), target, endpoint, work);
        }, cancellationToken);

    private T RunPooled<T>(string key, LdapConnection connection, DirectoryTarget target, DirectoryEndpoint endpoint,
        Func<AdDirectory, T> work)
    {
        try
        {
            var result = work(new AdDirectory(connection, target, endpoint.ToString(), domainCache));
            pools.Privileged.Return(key, connection);
            return result;
        }
        catch (DirectoryException e) when (e.FailureClass is not FailureClass.Transient)
        {
            // The answer was clear (e.g. no such account): the connection is healthy and can be reused.
            pools.Privileged.Return(key, connection);
            throw;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private LdapConnection BindPrivileged(DirectoryTarget target, DirectoryEndpoint endpoint)
    {
        try
        {
            return factory.OpenAndBind(target, endpoint, target.PrivilegedAccount, target.PrivilegedPassword,
                LdapConnectionRole.Privileged);
        }
        catch (LdapException e) when (e.ErrorCode == AdBindCode.InvalidCredentials)
        {
            throw AdErrors.PrivilegedBind(e, endpoint.ToString());
        }
    }

    /// <summary>
    /// One simple bind as the account, over a connection of the bind pool (rebinding an established TLS session).
    /// The bind is sent exactly once: a rented connection is handed out only when its socket shows it still open
    /// (<see cref="LdapSocketLiveness"/>), and a failure after the bind was sent is never retried here. A refused
    /// bind (LDAP 49) leaves the connection anonymous and usable, so it goes back to the pool.
    /// </summary>
    private async Task<VerifyOutcome> BindAsAccountAsync(DirectoryTarget target, DirectoryEndpoint endpoint,
        string dn, Secret password, CancellationToken cancellationToken)
    {
        var sent = false;
        try
        {
            return await BindOnPooledConnectionAsync(target, endpoint, dn, password, () => sent = true,
                cancellationToken);
        }
        catch (DirectoryException e) when (sent)
        {
            throw e.AfterBindSent();
        }
    }

    private Task<VerifyOutcome> BindOnPooledConnectionAsync(DirectoryTarget target, DirectoryEndpoint endpoint,
        string dn, Secret password, Action sending, CancellationToken cancellationToken) =>
        OnServerAsync(target, endpoint, "verifying the password", () =>
        {
            var pool = pools.Bind;
            var key = pool.KeyFor(target, endpoint);
            // Opening (connect, TLS, anonymous bind) sends no password, so its failures are safe to report or retry.
            var connection = pool.TryRent(key) ?? factory.OpenForAccountBinds(target, endpoint);
            try
            {
                sending();
                connection.Bind(new NetworkCredential(dn, password.Reveal()));
                pool.Return(key, connection);
                return VerifyOutcome.Accepted;
            }
            catch (LdapException e) when (e.ErrorCode == AdBindCode.InvalidCredentials)
            {
                pool.Return(key, connection);
                return AdBindCode.ToOutcome(AdBindCode.SubCode(e));
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }, cancellationToken);

    private async Task<string?> LookUpDnAsync(DirectoryTarget target, DirectoryEndpoint endpoint, AccountName account,
        CancellationToken cancellationToken)
    {
        var dn = await WithPrivilegedAsync(target, endpoint, "looking up the account",
            directory => directory.FindAccountDn(account), cancellationToken);
        if (dn is not null)
        {
            accountDns.Remember(target, account, dn);
        }

        return dn;
    }

    /// <summary>The account's DN, looked up now (and remembered); throws when there is no such account.</summary>
    private string FoundDn(AdDirectory directory, DirectoryTarget target, AccountName account)
    {
        var dn = directory.RequireAccountDn(account);
        accountDns.Remember(target, account, dn);
        return dn;
    }

    private static bool IsConnectionLost(LdapException e) =>
        e.ErrorCode is LdapResultCodes.ServerDown or LdapResultCodes.ConnectError;

    /// <summary>
    /// Runs synchronous libldap work on a worker thread and classifies its failures. A "server down" is probed
    /// (TCP, then TLS against the target's CA) so a certificate problem is reported as one, not as an outage.
    /// </summary>
    internal static async Task<T> OnServerAsync<T>(DirectoryTarget target, DirectoryEndpoint endpoint, string what,
        Func<T> work, CancellationToken cancellationToken)
    {
        try
        {
            return await Task.Run(work, cancellationToken).WaitAsync(cancellationToken);
        }
        catch (LdapException e) when (AdErrors.IsServerDown(e))
        {
            throw await AdTlsProbe.ExplainServerDownAsync(target, endpoint, e, cancellationToken);
        }
        catch (LdapException e)
        {
            throw AdErrors.Operation(e, endpoint.ToString(), what);
        }
        catch (DirectoryOperationException e)
        {
            throw AdErrors.Operation(e, endpoint.ToString(), what);
        }
    }

    private static DirectoryEndpoint Resolve(DirectoryTarget target, string? pinnedServer) =>
        pinnedServer is null
            ? target.Endpoints[0]
            : target.Endpoints.FirstOrDefault(e => string.Equals(e.ToString(), pinnedServer, StringComparison.OrdinalIgnoreCase))
              ?? throw new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                  $"The server '{pinnedServer}' is not one of the target's endpoints: pin to a server the target lists.");

    private static VerifyResult Result(VerifyOutcome outcome, string server) =>
        new(outcome, server, AdBindCode.Describe(outcome));

    private static DirectoryException ChangeRefused(VerifyOutcome outcome, AccountName account, string server,
        LdapException cause)
    {
        var (reason, text) = outcome switch
        {
            VerifyOutcome.AccountLocked => (Reason.AccountLocked,
                $"The account '{account}' is locked out on {server}: unlock it, or reset its password instead."),
            VerifyOutcome.AccountDisabled => (Reason.AccountDisabled,
                $"The account '{account}' is disabled on {server}: enable it before changing its password."),
            VerifyOutcome.AccountExpired => (Reason.AccountExpired,
                $"The account '{account}' has expired on {server}: extend its expiry date first."),
            VerifyOutcome.AccountNotFound => (Reason.AccountNotFound,
                $"The account '{account}' does not exist on {server}."),
            _ => (Reason.InvalidCredentials,
                $"The old password of '{account}' is wrong on {server}: supply its current password, or use a reset."),
        };
        return new DirectoryException(FailureClass.Credential, reason, text, server, cause);
    }
}
