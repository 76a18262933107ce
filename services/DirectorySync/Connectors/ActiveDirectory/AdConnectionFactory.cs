using System.DirectoryServices.Protocols;
using System.Net;
using Microsoft.Extensions.Logging;
using PasswordSync.DirectorySync.Connectors.Ldap;
using PasswordSync.DirectorySync.Telemetry;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// Opens and binds LDAPS connections to one DC: simple bind over TLS, the certificate validated against the target's
/// CA and host name (or not at all when the target explicitly accepts any certificate, which is logged).
/// Failures come back classified; a "server down" is probed once to tell a TLS problem from a dead server.
/// </summary>
internal sealed class AdConnectionFactory(LdapTrustDirectory trustStore, ILogger<AdConnectionFactory> logger)
{
    /// <summary>Opens a connection bound with the given credential; the caller owns (and disposes) it.</summary>
    /// <exception cref="LdapException">The bind failed; the caller classifies it (privileged vs account bind).</exception>
    public LdapConnection OpenAndBind(DirectoryTarget target, DirectoryEndpoint endpoint, string account, Secret password,
        LdapConnectionRole role)
    {
        var connection = Open(target, endpoint, role);
        try
        {
            connection.Bind(new NetworkCredential(account, password.Reveal()));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a connection for the bind pool: connected, TLS established and bound anonymously (S.DS.Protocols connects
    /// only in Bind), so the account's own bind that follows goes over an established session, and a connect or TLS
    /// failure is reported before any password was sent. The caller owns (and disposes) it.
    /// </summary>
    public LdapConnection OpenForAccountBinds(DirectoryTarget target, DirectoryEndpoint endpoint)
    {
        var connection = Open(target, endpoint, LdapConnectionRole.Bind);
        try
        {
            connection.AuthType = AuthType.Anonymous;
            connection.Bind();
            connection.AuthType = AuthType.Basic;
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private LdapConnection Open(DirectoryTarget target, DirectoryEndpoint endpoint, LdapConnectionRole role)
    {
        var identifier = new LdapDirectoryIdentifier(endpoint.Host, endpoint.Port, fullyQualifiedDnsHostName: true,
            connectionless: false);
        // Interrupted system calls in libldap would otherwise surface as a spurious "server down" (see LibLdapDefaults).
        LibLdapDefaults.EnsureApplied();
        var connection = new LdapConnection(identifier)
        {
            AuthType = AuthType.Basic,
            Timeout = target.OperationTimeout,
            // Never re-send a stored credential on our behalf (S.DS.Protocols binds again before a request on an
            // unbound connection): after a refused account bind that would be a second failed logon.
            AutoBind = false,
        };
        DirectoryConnectionMetrics.Opened(DirectoryKind.ActiveDirectory, role, endpoint);
        try
        {
            var options = connection.SessionOptions;
            options.ProtocolVersion = 3;
            options.ReferralChasing = ReferralChasingOptions.None;
            options.SecureSocketLayer = true;
            if (target.AcceptAnyCertificate)
            {
                AdConnectorLog.AcceptingAnyCertificate(logger, target.Id, endpoint.ToString());
                LibLdapTls.DisableCertificateValidation(connection);
            }
            else if (!OperatingSystem.IsWindows())
            {
                options.TrustedCertificatesDirectory = trustStore.FolderFor(target.CaCertificatePem!);
            }

            if (!OperatingSystem.IsWindows())
            {
                // A new TLS context per connection: libldap otherwise keeps using the process-wide one, created with
                // whatever CA folder the first connection had.
                options.StartNewTlsSessionContext();
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
