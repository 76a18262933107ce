namespace PasswordSync.DirectorySync.Connectors;

/// <summary>
/// One kind of directory or host (Active Directory, OpenLDAP, SSH Linux, SSH Windows). Connectors are stateless
/// between calls apart from short-lived connection reuse, never retry on their own (resilience lives in the
/// pipeline around them), and report every failure as a <see cref="DirectoryException"/> with its classification.
/// </summary>
internal interface IDirectoryConnector
{
    /// <summary>The target kinds this connector serves.</summary>
    IReadOnlyCollection<DirectoryKind> Kinds { get; }

    /// <summary>One bind / login with the password. Never retried on invalid credentials by anyone.</summary>
    Task<VerifyResult> VerifyAsync(DirectoryTarget target, AccountName account, Secret password, string? pinnedServer,
        CancellationToken cancellationToken);

    /// <summary>Administrative reset with the target's privileged credential.</summary>
    Task<WriteResult> ResetAsync(DirectoryTarget target, AccountName account, Secret newPassword, string? pinnedServer,
        CancellationToken cancellationToken);

    /// <summary>Change from the known old password to the new one, as the account itself.</summary>
    Task<WriteResult> ChangeAsync(DirectoryTarget target, AccountName account, Secret oldPassword, Secret newPassword,
        string? pinnedServer, CancellationToken cancellationToken);

    /// <summary>Reads the account's state without binding as it (no effect on lockout counters).</summary>
    Task<AccountState> GetAccountStateAsync(DirectoryTarget target, AccountName account, string? pinnedServer,
        CancellationToken cancellationToken);

    /// <summary>
    /// The states of several distinct accounts, read on ONE server (the caller pins it). By default one
    /// <see cref="GetAccountStateAsync"/> after the other, in order; a connector that can read them together (AD: one
    /// search) overrides it. An account whose own read fails (<see cref="DirectoryException.ConcernsWholeTarget"/>
    /// false) is left out of the answer, so the caller reads it singly and gets the reason; a failure that concerns the
    /// whole target fails the call.
    /// </summary>
    async Task<IReadOnlyList<SettledAccountState>> GetAccountStatesAsync(DirectoryTarget target,
        IReadOnlyList<AccountName> accounts, string? pinnedServer, CancellationToken cancellationToken)
    {
        var settled = new List<SettledAccountState>(accounts.Count);
        foreach (var account in accounts)
        {
            try
            {
                settled.Add(new SettledAccountState(account,
                    await GetAccountStateAsync(target, account, pinnedServer, cancellationToken)));
            }
            catch (DirectoryException e) when (!e.ConcernsWholeTarget)
            {
                // Left out: the caller's single read of this account reports the failure with its own status.
            }
        }

        return settled;
    }

    /// <summary>
    /// The target's servers in the order to try them. The service layer walks this list (one resilience pipeline per
    /// server) and passes the chosen server to each call as <c>pinnedServer</c> (<see cref="DirectoryEndpoint"/>'s
    /// "host:port" text); a connector may put a preferred server first (AD: the PDC emulator).
    /// </summary>
    Task<IReadOnlyList<DirectoryEndpoint>> OrderEndpointsAsync(DirectoryTarget target,
        CancellationToken cancellationToken) => Task.FromResult(target.Endpoints);

    /// <summary>Runs the checklist a person can act on (reachability, TLS, privileged bind, rights, policy...).</summary>
    Task<IReadOnlyList<TargetCheck>> TestAsync(DirectoryTarget target, CancellationToken cancellationToken);
}
