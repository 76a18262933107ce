using System.DirectoryServices.Protocols;
using System.Net;
using Microsoft.Extensions.Logging;
using PasswordSync.DirectorySync.Connectors.Ldap;

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
    public LdapConnection OpenAndBind(DirectoryTarget target, DirectoryEndpoint endpoint, string account, Secret password)
    {
        var connection = Open(target, endpoint);
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

    private LdapConnection Open(DirectoryTarget target, DirectoryEndpoint endpoint)
    {
        var identifier = new LdapDirectoryIdentifier(endpoint.Host, endpoint.Port, fullyQualifiedDnsHostName: true,
            connectionless: false);
        // Interrupted system calls in libldap would otherwise surface as a spurious "server down" (see LibLdapDefaults).
        LibLdapDefaults.EnsureApplied();
        var connection = new LdapConnection(identifier)
        {
            AuthType = AuthType.Basic,
            Timeout = target.OperationTimeout,
        };
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
