using System.DirectoryServices.Protocols;
using System.Net;
using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors.Ldap;
using PasswordSync.DirectorySync.Telemetry;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>Who is binding: decides how a refused bind is reported.</summary>
internal enum LdapBindRole
{
    /// <summary>The target's privileged account: a refusal is a configuration problem of the target.</summary>
    Privileged,
    /// <summary>The account itself (verify, change): a refusal is about the account's password.</summary>
    Account,
}

/// <summary>
/// Opens bound connections to a target's endpoints, in order, moving to the next endpoint only after a transient
/// failure. TLS is required (LDAPS or StartTLS) unless the target explicitly allows plaintext; certificates are
/// validated against the target's CA. A "server down" at connect time is probed once to tell a TLS problem from a
/// down server.
/// </summary>
internal sealed partial class LdapSessionFactory(LdapTrustDirectory trustDirectory, ILogger<LdapSessionFactory> logger)
{

    public async Task<LdapSession> OpenAsync(DirectoryTarget target, string? pinnedServer, string bindDn,
        Secret password, LdapBindRole role, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password.Reveal()))
        {
            // An LDAP simple bind with an empty password is an anonymous bind that "succeeds": never send one.
            throw new DirectoryException(FailureClass.Configuration, Reason.InvalidArgument,
                "An empty password cannot be checked or used: LDAP treats it as an anonymous bind.");
        }

        DirectoryException? lastTransient = null;
        foreach (var endpoint in EndpointsFor(target, pinnedServer))
        {
            try
            {
                return await OpenOneAsync(target, endpoint, bindDn, password, role, cancellationToken);
            }
            catch (DirectoryException exception) when (exception.FailureClass == FailureClass.Transient)
            {
                LogEndpointUnavailable(logger, target.Id, endpoint.ToString(), exception.Message);
                lastTransient = exception;
            }
        }

        throw lastTransient ?? NoEndpoint(target, pinnedServer);
    }

    /// <summary>No endpoint to try: the target has none, or the pinned server is not one of them.</summary>
    public static DirectoryException NoEndpoint(DirectoryTarget target, string? pinnedServer) =>
        new(FailureClass.Configuration, Reason.Configuration, pinnedServer is null
            ? $"Target {target.Id} has no endpoint: add the directory's host name and port."
            : $"Server '{pinnedServer}' is not an endpoint of target {target.Id}.");

    public static IEnumerable<DirectoryEndpoint> EndpointsFor(DirectoryTarget target, string? pinnedServer) =>
        pinnedServer is null
            ? target.Endpoints
            : target.Endpoints.Where(endpoint => string.Equals(endpoint.Host, pinnedServer, StringComparison.OrdinalIgnoreCase)
                || string.Equals(endpoint.ToString(), pinnedServer, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Opens one connection to <paramref name="endpoint"/> bound as <paramref name="bindDn"/>; with a null
    /// <paramref name="bindDn"/>, bound anonymously, for the bind pool: connected and TLS established before any
    /// account password is sent, so its failures are about the server or TLS only.
    /// </summary>
    internal async Task<LdapSession> OpenOneAsync(DirectoryTarget target, DirectoryEndpoint endpoint, string? bindDn,
        Secret? password, LdapBindRole role, CancellationToken cancellationToken)
    {
        var transport = LdapTransports.For(target);
        LibLdapDefaults.EnsureApplied();
        var connection = new LdapConnection(new LdapDirectoryIdentifier(endpoint.Host, endpoint.Port))
        {
            AuthType = AuthType.Basic,
            Timeout = target.OperationTimeout,
            // Never re-send a stored credential on our behalf (S.DS.Protocols binds again before a request on an
            // unbound connection): after a refused account bind that would be a second failed logon.
            AutoBind = false,
        };
        DirectoryConnectionMetrics.Opened(DirectoryKind.Ldap,
            role == LdapBindRole.Privileged ? LdapConnectionRole.Privileged : LdapConnectionRole.Bind, endpoint);
        try
        {
            connection.SessionOptions.ProtocolVersion = 3;
            connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
            connection.SessionOptions.SecureSocketLayer = transport == LdapTransport.Ldaps;
            if (transport != LdapTransport.Plaintext && !OperatingSystem.IsWindows())
            {
                if (target.AcceptAnyCertificate)
                {
                    // Same mechanism as the AD connector, so accept_any_certificate means the same for every LDAP
                    // target: an explicit per-target choice, logged on every connection, that touches only this
                    // connection's handle (a process-wide LDAPTLS_REQCERT would weaken every other target). The
                    // connection stays encrypted; the target test reports it as a warning.
                    OpenLdapLog.AcceptingAnyCertificate(logger, target.Id, endpoint.ToString());
                    LibLdapTls.DisableCertificateValidation(connection);
                }
                else if (target.CaCertificatePem is { } caPem)
                {
                    connection.SessionOptions.TrustedCertificatesDirectory = trustDirectory.FolderFor(caPem);
                }

                // Without a new TLS context libldap keeps the process-wide one and ignores the folder set above.
                connection.SessionOptions.StartNewTlsSessionContext();
            }

            var credential = bindDn is null ? null : new NetworkCredential(bindDn, password!.Reveal());
            await Task.Run(() =>
            {
                if (transport == LdapTransport.StartTls)
                {
                    // S.DS.Protocols on Linux opens the socket only in Bind (dotnet/runtime#96988): StartTLS before
                    // any bind fails with "server down". An anonymous bind opens it without sending a credential;
                    // the real bind follows only once TLS is up, so the password never crosses in clear.
                    connection.AuthType = AuthType.Anonymous;
                    connection.Bind();
                    connection.SessionOptions.StartTransportLayerSecurity(null);
                    connection.AuthType = AuthType.Basic;
                }

                if (credential is not null)
                {
                    connection.Bind(credential);
                }
                else if (transport != LdapTransport.StartTls)
                {
                    connection.AuthType = AuthType.Anonymous;
                    connection.Bind();
                    connection.AuthType = AuthType.Basic;
                }
            }, cancellationToken);
            return new LdapSession(connection, endpoint);
        }
        catch (Exception exception) when (exception is LdapException or DirectoryOperationException or TimeoutException)
        {
            connection.Dispose();
            throw await ClassifyBindFailureAsync(target, endpoint, transport, bindDn ?? "(anonymous)", role, exception,
                cancellationToken);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Binds an established connection (from the bind pool) as the account, once. A refusal (LDAP 49) comes back as
    /// InvalidCredentials and leaves the connection anonymous and usable; any other failure means the connection is
    /// unusable (the caller disposes it) and is never retried here: the bind may have reached the server.
    /// </summary>
    internal static async Task RebindAsync(LdapSession session, DirectoryTarget target, string bindDn, Secret password,
        CancellationToken cancellationToken)
    {
        var credential = new NetworkCredential(bindDn, password.Reveal());
        try
        {
            await Task.Run(() => session.Connection.Bind(credential), cancellationToken);
        }
        catch (LdapException exception) when (exception.ErrorCode == LdapResultCodes.InvalidCredentials)
        {
            throw new DirectoryException(FailureClass.Credential, Reason.InvalidCredentials,
                $"The directory {session.Server} refused the password of {bindDn}.", session.Server, exception);
        }
        catch (Exception exception) when (exception is LdapException or DirectoryOperationException or TimeoutException)
        {
            throw LdapFailures.FromOperation(exception, session.Server, bindDn);
        }
    }

    private async Task<DirectoryException> ClassifyBindFailureAsync(DirectoryTarget target, DirectoryEndpoint endpoint,
        LdapTransport transport, string bindDn, LdapBindRole role, Exception exception,
        CancellationToken cancellationToken)
    {
        var code = exception switch
        {
            LdapException ldap => ldap.ErrorCode,
            DirectoryOperationException { Response: { } response } => (int)response.ResultCode,
            _ => LdapResultCodes.Timeout,
        };
        if (code == LdapResultCodes.InvalidCredentials)
        {
            return role == LdapBindRole.Privileged
                ? new DirectoryException(FailureClass.Configuration, Reason.PrivilegedCredentials,
                    $"The directory {endpoint.Host} refused the privileged account {bindDn} of target {target.Id}: "
                    + "its password is wrong or it is locked. Update the target's privileged credential.",
                    endpoint.Host, exception)
                : new DirectoryException(FailureClass.Credential, Reason.InvalidCredentials,
                    $"The directory {endpoint.Host} refused the password of {bindDn}.", endpoint.Host, exception);
        }

        // libldap reports a failed TLS handshake (and a refused StartTLS) as "server down"/"connect error": look once
        // with our own TLS stack before calling it transient.
        if (code is LdapResultCodes.ServerDown or LdapResultCodes.ConnectError or LdapResultCodes.LocalError
            || exception is DirectoryOperationException)
        {
            var probe = await TlsProbe.ProbeAsync(endpoint, transport, target.CaCertificatePem,
                target.AcceptAnyCertificate, target.OperationTimeout, cancellationToken);
            LogProbe(logger, target.Id, endpoint.ToString(), probe.Outcome, probe.Detail);
            if (transport != LdapTransport.Plaintext && TlsFailure(probe, endpoint, exception) is { } tlsFailure)
            {
                return tlsFailure;
            }

            return LdapFailures.Transient(endpoint.Host, probe.Outcome == TlsProbeOutcome.Unreachable
                ? "no TCP connection"
                : $"LDAP error {code} although a direct connection to it works", exception);
        }

        return LdapResultCodes.IsTransient(code)
            ? LdapFailures.Transient(endpoint.Host, $"LDAP error {code}", exception)
            : new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                $"Binding to {endpoint} failed with LDAP error {code}.", endpoint.Host, exception);
    }

    // Unlike the AD connector, a handshake that did not complete is a Configuration failure here: an OpenLDAP target
    // may name the plain port (389) where LDAPS or StartTLS was meant, and the remedy must say so rather than retry.
    private static DirectoryException? TlsFailure(TlsProbeResult probe, DirectoryEndpoint endpoint, Exception inner) =>
        TlsProbe.ToCertificateFailure(probe, endpoint, endpoint.Host, inner)
        ?? (probe.Outcome == TlsProbeOutcome.NoTls
            ? new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                $"No TLS session could be established with {endpoint} ({probe.Detail}): point the target at the "
                + "directory's LDAPS port, or enable StartTLS on the target; plaintext is used only when the target "
                + "explicitly allows it.", endpoint.Host, inner)
            : null);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "LDAP target {TargetId}: endpoint {Endpoint} unavailable, trying the next one: {Reason}")]
    private static partial void LogEndpointUnavailable(ILogger logger, string targetId, string endpoint, string reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information,
        Message = "LDAP target {TargetId}: connection to {Endpoint} failed; TLS probe says {Outcome} ({Detail})")]
    private static partial void LogProbe(ILogger logger, string targetId, string endpoint, TlsProbeOutcome outcome,
        string detail);
}
