using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>The shared <see cref="TlsProbe"/> as the AD connector uses it: LDAPS only, against the target's CA.</summary>
internal static class AdTlsProbe
{
    public static Task<TlsProbeResult> ProbeAsync(DirectoryTarget target, DirectoryEndpoint endpoint,
        CancellationToken cancellationToken) =>
        TlsProbe.ProbeAsync(endpoint, LdapTransport.Ldaps, target.CaCertificatePem, target.AcceptAnyCertificate,
            target.OperationTimeout, cancellationToken);

    /// <summary>
    /// Explains a libldap "server down": a certificate problem becomes a Configuration failure; anything else stays
    /// transient. Unlike the OpenLDAP connector, a handshake that did not complete stays transient here too: a DC
    /// port that accepts TCP and then drops the connection is an outage (DirectoryOutageTests' resetting relay), and
    /// the AD target test already names the "plain LDAP port" remedy for it.
    /// </summary>
    public static async Task<DirectoryException> ExplainServerDownAsync(DirectoryTarget target,
        DirectoryEndpoint endpoint, Exception cause, CancellationToken cancellationToken)
    {
        var probe = await ProbeAsync(target, endpoint, cancellationToken);
        return TlsProbe.ToCertificateFailure(probe, endpoint, endpoint.ToString(), cause)
            ?? AdErrors.Transient(endpoint.ToString(),
                probe.Outcome == TlsProbeOutcome.Unreachable ? "connecting" : "connecting over TLS", cause);
    }
}
