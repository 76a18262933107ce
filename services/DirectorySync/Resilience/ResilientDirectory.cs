using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Telemetry;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace PasswordSync.DirectorySync.Resilience;

/// <summary>
/// Runs connector calls through the per-server pipelines, for every connector: the target's servers are tried in
/// the connector's order, a later one only after the earlier one failed transiently (retries exhausted, timeout or
/// open circuit), unless the caller pinned a server. A password change is never sent twice: a change with an unknown
/// outcome is settled by a verify with the new password on the same server.
/// </summary>
internal sealed class ResilientDirectory(ServerPipelines pipelines, ILogger<ResilientDirectory> logger)
{
    public Task<VerifyResult> VerifyAsync(IDirectoryConnector connector, DirectoryTarget target, AccountName account,
        Secret password, string? pinnedServer, CancellationToken cancellationToken) =>
        RunAsync(connector, target, pinnedServer, "verify", retryAllowed: true, failover: true,
            (server, token) => connector.VerifyAsync(target, account, password, server, token), cancellationToken,
            sendsAccountBind: true);

    public async Task<(WriteResult Write, VerifyResult? Verification)> ResetAsync(IDirectoryConnector connector,
        DirectoryTarget target, AccountName account, Secret newPassword, bool verifyAfterWrite, string? pinnedServer,
        CancellationToken cancellationToken)
    {
        // Resetting to the same value twice is harmless, so a reset may be retried and moved to another DC.
        var write = await RunAsync(connector, target, pinnedServer, "reset", retryAllowed: true, failover: true,
            (server, token) => connector.ResetAsync(target, account, newPassword, server, token), cancellationToken);
        var verification = verifyAfterWrite
            ? await VerifyAsync(connector, target, account, newPassword, write.Server, cancellationToken)
            : null;
        return (write, verification);
    }

    public async Task<(WriteResult Write, VerifyResult? Verification, bool SettledByVerify)> ChangeAsync(
        IDirectoryConnector connector, DirectoryTarget target, AccountName account, Secret oldPassword,
        Secret newPassword, bool verifyAfterWrite, string? pinnedServer, CancellationToken cancellationToken)
    {
        var server = pinnedServer ?? (await connector.OrderEndpointsAsync(target, cancellationToken))[0].ToString();
        try
        {
            var write = await RunAsync(connector, target, server, "change", retryAllowed: false, failover: false,
                (pinned, token) => connector.ChangeAsync(target, account, oldPassword, newPassword, pinned, token),
                cancellationToken);
            var verification = verifyAfterWrite
                ? await VerifyAsync(connector, target, account, newPassword, write.Server, cancellationToken)
                : null;
            return (write, verification, false);
        }
        catch (DirectoryException e) when (e.FailureClass == FailureClass.Transient
                                          && e.Reason is Reason.Transient or Reason.Timeout
                                          && e.InnerException is not RateLimiterRejectedException)
        {
            ResilienceLog.SettlingChange(logger, target.Id, account.Value, server);
            return await SettleChangeAsync(connector, target, account, newPassword, server, e, cancellationToken);
        }
    }

    public Task<AccountState> GetAccountStateAsync(IDirectoryConnector connector, DirectoryTarget target,
        AccountName account, string? pinnedServer, CancellationToken cancellationToken) =>
        RunAsync(connector, target, pinnedServer, "account state", retryAllowed: true, failover: true,
            (server, token) => connector.GetAccountStateAsync(target, account, server, token), cancellationToken);

    /// <summary>
    /// Several accounts' states through the same server order, pipelines and pinning as a single read: the whole batch
    /// is one attempt on one server (retried, or moved to the next server, as a whole), so every state of one answer
    /// comes from one server. An attempt may take what the singles it replaces would each be allowed (the default
    /// connector path reads one account after the other; every request inside stays bounded by the target's timeout).
    /// </summary>
    public Task<IReadOnlyList<SettledAccountState>> GetAccountStatesAsync(IDirectoryConnector connector,
        DirectoryTarget target, IReadOnlyList<AccountName> accounts, string? pinnedServer,
        CancellationToken cancellationToken) =>
        RunAsync(connector, target, pinnedServer, "account states", retryAllowed: true, failover: true,
            (server, token) => connector.GetAccountStatesAsync(target, accounts, server, token), cancellationToken,
            attemptTimeout: BatchAttemptTimeout(target.OperationTimeout, accounts.Count));

    /// <summary>The target's timeout once per account, at most <see cref="MaxBatchAttemptTimeout"/>.</summary>
    public static TimeSpan BatchAttemptTimeout(TimeSpan perAccount, int accounts) =>
        TimeSpan.FromTicks(Math.Min(perAccount.Ticks * Math.Max(accounts, 1), MaxBatchAttemptTimeout.Ticks));

    /// <summary>The longest a single operation may be given (the longest target timeout accepted).</summary>
    public static readonly TimeSpan MaxBatchAttemptTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The change may or may not have landed (an open circuit or a full queue means it was never sent, so those are
    /// not settled: a needless verify with the new password would count as a bad password). Only a bind with the NEW password tells (the old one may still bind
    /// during AD's old-password window). Accepted: it landed. Anything else: unknown, never "not applied" — the
    /// abandoned attempt could still land, and treating it as refused would lose the password.
    /// </summary>
    private async Task<(WriteResult, VerifyResult?, bool)> SettleChangeAsync(IDirectoryConnector connector,
        DirectoryTarget target, AccountName account, Secret newPassword, string server, DirectoryException cause,
        CancellationToken cancellationToken)
    {
        VerifyResult verification;
        try
        {
            verification = await VerifyAsync(connector, target, account, newPassword, server, cancellationToken);
        }
        catch (DirectoryException e) when (e.FailureClass == FailureClass.Transient)
        {
            throw Unknown(server, "the server did not answer the verify either", cause);
        }

        if (!verification.PasswordIsCorrect)
        {
            throw Unknown(server, $"the new password is not accepted yet ({verification.Outcome})", cause);
        }

        var state = await GetAccountStateAsync(connector, target, account, server, cancellationToken);
        return (new WriteResult(verification.Server, state.PasswordLastSetRaw), verification, true);
    }

    private static DirectoryException Unknown(string server, string why, DirectoryException cause) =>
        new(FailureClass.Transient, cause.Reason,
            $"The password change on {server} timed out and its outcome is unknown: {why}. Do not send the change "
            + "again; keep both passwords and verify the new one later.", server, cause);

    private async Task<T> RunAsync<T>(IDirectoryConnector connector, DirectoryTarget target, string? pinnedServer,
        string operation, bool retryAllowed, bool failover, Func<string, CancellationToken, Task<T>> call,
        CancellationToken cancellationToken, bool sendsAccountBind = false, TimeSpan? attemptTimeout = null)
    {
        IReadOnlyList<string> servers = pinnedServer is not null
            ? [pinnedServer]
            : (await connector.OrderEndpointsAsync(target, cancellationToken)).Select(e => e.ToString()).ToList();
        if (!failover)
        {
            servers = servers.Take(1).ToList();
        }

        DirectoryException? last = null;
        foreach (var server in servers)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(ServerPipelines.AttemptTimeout, attemptTimeout ?? target.OperationTimeout);
            context.Properties.Set(ServerPipelines.RetryAllowed, retryAllowed);
            context.Properties.Set(ServerPipelines.OperationName, operation);
            context.Properties.Set(ServerPipelines.SendsAccountBind, sendsAccountBind);
            using var measured = DirectoryOperationScope.Start(target, operation, server);
            try
            {
                var result = await pipelines.For(target.Kind, server).ExecuteAsync(
                    static async (ctx, state) => await state.call(state.server, ctx.CancellationToken),
                    context, (call, server));
                measured.Succeeded();
                return result;
            }
            catch (Exception e) when (measured.Failed(e) && Translate(e, server, operation) is { } transient)
            {
                if (sendsAccountBind && ServerPipelines.MayHaveSentBind(e))
                {
                    // The bind may have counted on this server: another server would count a second failure.
                    throw transient;
                }

                last = transient;
                ResilienceLog.FailingOver(logger, target.Id, server, transient.Reason.ToString());
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        throw last ?? new DirectoryException(FailureClass.Configuration, Reason.Configuration,
            "The target has no servers: add at least one endpoint.");
    }

    /// <summary>Polly's own exceptions as classified transient failures; null for anything that must propagate.</summary>
    private static DirectoryException? Translate(Exception exception, string server, string operation) =>
        exception switch
        {
            DirectoryException { FailureClass: FailureClass.Transient } e => e,
            BrokenCircuitException e => new DirectoryException(FailureClass.Transient, Reason.CircuitOpen,
                $"{server} failed repeatedly, so directory-sync stopped calling it for a while (circuit open): check "
                + "the server; calls resume automatically once it answers again.", server, e),
            TimeoutRejectedException e => new DirectoryException(FailureClass.Transient, Reason.Timeout,
                $"{server} did not complete the {operation} in time (retried): check the server's load and the "
                + "network, or raise the target's operation timeout.", server, e),
            RateLimiterRejectedException e => new DirectoryException(FailureClass.Transient, Reason.Transient,
                $"Too many operations are queued for {server}: retry later or slow the bulk job down.", server, e),
            _ => null,
        };
}
