using System.DirectoryServices.Protocols;
using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>
/// The OpenLDAP connector's connections, from the shared pools: privileged work runs on a pooled privileged
/// connection; an account's bind (verify) rebinds a pooled, already established TLS connection of the bind pool.
/// Endpoints are tried in order, a later one only when opening a connection to the earlier one failed transiently.
/// </summary>
internal sealed partial class OpenLdapConnections(
    LdapSessionFactory factory,
    LdapConnectionPools pools,
    ILogger<OpenLdapConnections> logger)
{
    /// <summary>
    /// Runs <paramref name="work"/> on a privileged connection (used by this call alone; back to the pool only after a
    /// clean run: success or a clear LDAP answer). When a RENTED connection turns out dead (server down, connect
    /// error) and the work is idempotent (searches, resets), it runs once more on a fresh connection to the same server.
    /// </summary>
    public async Task<T> WithPrivilegedAsync<T>(DirectoryTarget target, string? pinnedServer,
        Func<LdapSession, Task<T>> work, CancellationToken cancellationToken, bool idempotent = true)
    {
        var pool = pools.Privileged;
        var (session, rented) = await RentOrOpenAsync(pool, target, pinnedServer,
            endpoint => factory.OpenOneAsync(target, endpoint, target.PrivilegedAccount, target.PrivilegedPassword,
                LdapBindRole.Privileged, cancellationToken));
        var key = pool.KeyFor(target, session.Endpoint);
        try
        {
            return await RunAsync(pool, key, session, work);
        }
        catch (DirectoryException exception) when (rented && idempotent && IsConnectionLost(exception))
        {
            LogStaleConnection(logger, target.Id, session.Endpoint.ToString());
            var fresh = await factory.OpenOneAsync(target, session.Endpoint, target.PrivilegedAccount,
                target.PrivilegedPassword, LdapBindRole.Privileged, cancellationToken);
            return await RunAsync(pool, key, fresh, work);
        }
    }

    /// <summary>
    /// Binds as the account over a connection of the bind pool, then runs <paramref name="afterBind"/> on it (as the
    /// account). The bind is sent exactly once: a rented connection is handed out only when its socket shows it still
    /// open, a fresh one is connected (TLS up, anonymous) before the password is sent, and nothing after the bind
    /// was sent is retried here. A refused bind (InvalidCredentials) leaves the connection usable: it goes back.
    /// </summary>
    public async Task<T> BindAsAccountAsync<T>(DirectoryTarget target, string? pinnedServer, string accountDn,
        Secret password, Func<LdapSession, Task<T>> afterBind, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password.Reveal()))
        {
            // An LDAP simple bind with an empty password is an anonymous bind that "succeeds": never send one.
            throw new DirectoryException(FailureClass.Configuration, Reason.InvalidArgument,
                "An empty password cannot be checked or used: LDAP treats it as an anonymous bind.");
        }

        var pool = pools.Bind;
        var (session, _) = await RentOrOpenAsync(pool, target, pinnedServer,
            endpoint => factory.OpenOneAsync(target, endpoint, null, null, LdapBindRole.Account, cancellationToken));
        var key = pool.KeyFor(target, session.Endpoint);
        try
        {
            await LdapSessionFactory.RebindAsync(session, target, accountDn, password, cancellationToken);
        }
        catch (DirectoryException refused) when (refused.Reason == Reason.InvalidCredentials)
        {
            pool.Return(key, session.Connection);
            throw;
        }
        catch (DirectoryException failed)
        {
            session.Dispose();
            throw failed.AfterBindSent();
        }
        catch
        {
            session.Dispose();
            throw;
        }

        try
        {
            return await RunAsync(pool, key, session, afterBind);
        }
        catch (DirectoryException failed) when (failed.FailureClass == FailureClass.Transient)
        {
            throw failed.AfterBindSent();
        }
    }

    private async Task<(LdapSession Session, bool Rented)> RentOrOpenAsync(LdapConnectionPool pool,
        DirectoryTarget target, string? pinnedServer, Func<DirectoryEndpoint, Task<LdapSession>> open)
    {
        DirectoryException? lastTransient = null;
        foreach (var endpoint in LdapSessionFactory.EndpointsFor(target, pinnedServer))
        {
            if (pool.TryRent(pool.KeyFor(target, endpoint)) is { } idle)
            {
                return (new LdapSession(idle, endpoint), true);
            }

            try
            {
                return (await open(endpoint), false);
            }
            catch (DirectoryException exception) when (exception.FailureClass == FailureClass.Transient)
            {
                LogEndpointUnavailable(logger, target.Id, endpoint.ToString(), exception.Message);
                lastTransient = exception;
            }
        }

        throw lastTransient ?? LdapSessionFactory.NoEndpoint(target, pinnedServer);
    }

    private static async Task<T> RunAsync<T>(LdapConnectionPool pool, string key, LdapSession session,
        Func<LdapSession, Task<T>> work)
    {
        try
        {
            var result = await work(session);
            pool.Return(key, session.Connection);
            return result;
        }
        catch (DirectoryException exception) when (IsClearAnswer(exception))
        {
            // A clear answer (no such object, refused password, policy): the connection is healthy.
            pool.Return(key, session.Connection);
            throw;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>A refusal the server sent (or our own validation), not a failure of the connection itself.</summary>
    private static bool IsClearAnswer(DirectoryException exception) =>
        exception.FailureClass != FailureClass.Transient
        && exception.InnerException is not (LdapException or TimeoutException);

    private static bool IsConnectionLost(DirectoryException exception) =>
        exception.InnerException is LdapException { ErrorCode: LdapResultCodes.ServerDown or LdapResultCodes.ConnectError };

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning,
        Message = "LDAP target {TargetId}: endpoint {Endpoint} unavailable, trying the next one: {Reason}")]
    private static partial void LogEndpointUnavailable(ILogger logger, string targetId, string endpoint, string reason);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information,
        Message = "LDAP target {TargetId}: a pooled connection to {Endpoint} was lost; running again on a new one")]
    private static partial void LogStaleConnection(ILogger logger, string targetId, string endpoint);
}
