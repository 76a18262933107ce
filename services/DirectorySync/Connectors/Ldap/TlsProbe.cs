using System.Formats.Asn1;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using PasswordSync.Common.V1;

namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>What a direct TCP + TLS probe of an endpoint found.</summary>
internal enum TlsProbeOutcome
{
    /// <summary>TCP connect failed or timed out: the server is down or unreachable.</summary>
    Unreachable,
    /// <summary>TCP works but the server did not answer the StartTLS request or the TLS handshake in time (hung).</summary>
    NoAnswer,
    /// <summary>
    /// TCP works but no TLS handshake completed: the port speaks plain LDAP, StartTLS was refused, or the connection
    /// was dropped mid-handshake. The two cannot be told apart from here, so each connector decides (see its use).
    /// </summary>
    NoTls,
    Untrusted,
    NameMismatch,
    Trusted,
}

internal sealed record TlsProbeResult(TlsProbeOutcome Outcome, string Detail);

/// <summary>
/// libldap reports every failed TLS handshake as "server down" (81), exactly like a dead server. This probe reconnects
/// once with .NET's own TLS stack, validating against the target's CA and host name as libldap does, so a certificate
/// problem is reported as such (a Configuration failure: not retried, not counted by a circuit breaker) instead of as
/// an unavailable server. Shared by the AD (LDAPS) and OpenLDAP (LDAPS or StartTLS) connectors.
/// </summary>
internal static class TlsProbe
{
    // LDAPMessage { messageID 1, extendedReq [APPLICATION 23] { requestName [0] "1.3.6.1.4.1.1466.20037" } }
    private static readonly byte[] StartTlsRequest =
        [0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16, .. "1.3.6.1.4.1.1466.20037"u8];

    /// <param name="caPem">The target's CA; null trusts the machine's store, as libldap does without a CA folder.</param>
    /// <param name="acceptAnyCertificate">The target explicitly turned validation off: any certificate is Trusted.</param>
    public static async Task<TlsProbeResult> ProbeAsync(DirectoryEndpoint endpoint, LdapTransport transport,
        string? caPem, bool acceptAnyCertificate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port, deadline.Token);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            return new(TlsProbeOutcome.Unreachable, $"no TCP connection to {endpoint} ({exception.Message})");
        }

        if (transport == LdapTransport.Plaintext)
        {
            return new(TlsProbeOutcome.NoTls, "plaintext connection (no TLS by the target's settings)");
        }

        var stream = tcp.GetStream();
        SslPolicyErrors errors = SslPolicyErrors.None;
        X509ChainStatusFlags chainStatus = X509ChainStatusFlags.NoError;
        try
        {
            if (transport == LdapTransport.StartTls && !await StartTlsAcceptedAsync(stream, deadline.Token))
            {
                return new(TlsProbeOutcome.NoTls, $"{endpoint} refused StartTLS");
            }

            using var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, _, policyErrors) =>
            {
                (errors, chainStatus) = acceptAnyCertificate
                    ? (SslPolicyErrors.None, X509ChainStatusFlags.NoError)
                    : Validate(certificate, policyErrors, caPem);
                return errors == SslPolicyErrors.None;
            });
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = endpoint.Host },
                deadline.Token);
            return new(TlsProbeOutcome.Trusted, acceptAnyCertificate
                ? $"TLS to {endpoint} works (certificate not validated: the target accepts any certificate)"
                : $"TLS to {endpoint} is trusted and names {endpoint.Host}");
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException
            or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Certificate verdicts first: the callback ran, so the server does speak TLS.
            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors)
                || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            {
                return new(TlsProbeOutcome.Untrusted, $"certificate chain: {chainStatus}");
            }

            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return new(TlsProbeOutcome.NameMismatch, $"the certificate does not name {endpoint.Host}");
            }

            // A hung server is an outage, never a configuration problem (the OpenLDAP copy called it "no TLS", which
            // made a frozen server a non-retried configuration error, and let a StartTLS read timeout escape).
            return exception is OperationCanceledException
                ? new(TlsProbeOutcome.NoAnswer, $"{endpoint} accepted TCP but did not answer the TLS handshake in time")
                : new(TlsProbeOutcome.NoTls, $"no TLS handshake with {endpoint}");
        }
    }

    /// <summary>
    /// The Configuration failure for a certificate problem the probe found (untrusted CA, wrong name), or null when the
    /// probe found none; the caller classifies the other outcomes.
    /// </summary>
    public static DirectoryException? ToCertificateFailure(TlsProbeResult probe, DirectoryEndpoint endpoint,
        string server, Exception inner) =>
        probe.Outcome switch
        {
            TlsProbeOutcome.Untrusted => new DirectoryException(FailureClass.Configuration, Reason.TlsUntrusted,
                $"The TLS handshake with {endpoint} failed: its certificate is not issued by the target's CA "
                + $"({probe.Detail}). Set the target's CA certificate to the CA that issued the directory's "
                + "certificate.", server, inner),
            TlsProbeOutcome.NameMismatch => new DirectoryException(FailureClass.Configuration, Reason.TlsNameMismatch,
                $"The TLS handshake with {endpoint} failed: its certificate does not name '{endpoint.Host}' "
                + $"({probe.Detail}). Use the host name the certificate was issued to (as in its subject alternative "
                + "names) in the target's endpoints.", server, inner),
            _ => null,
        };

    private static (SslPolicyErrors, X509ChainStatusFlags) Validate(X509Certificate? certificate,
        SslPolicyErrors policyErrors, string? caPem)
    {
        if (certificate is null || caPem is null)
        {
            return (policyErrors, X509ChainStatusFlags.NoError);
        }

        // Against the target's CA only (not the machine's store), as libldap does with the target's CA folder.
        var nameErrors = policyErrors & SslPolicyErrors.RemoteCertificateNameMismatch;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.ImportFromPem(caPem);
        using var serverCertificate = new X509Certificate2(certificate);
        if (chain.Build(serverCertificate))
        {
            return (nameErrors, X509ChainStatusFlags.NoError);
        }

        var status = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, next) => all | next.Status);
        return (nameErrors | SslPolicyErrors.RemoteCertificateChainErrors, status);
    }

    private static async Task<bool> StartTlsAcceptedAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(StartTlsRequest, cancellationToken);
        var response = new byte[512];
        var read = await stream.ReadAsync(response, cancellationToken);
        try
        {
            // LDAPMessage { messageID, extendedResp [APPLICATION 24] { resultCode ENUMERATED, ... } }
            var message = new AsnReader(response.AsMemory(0, read), AsnEncodingRules.BER).ReadSequence();
            message.ReadInteger();
            var extendedResponse = message.ReadSequence(new Asn1Tag(TagClass.Application, 24, isConstructed: true));
            return extendedResponse.ReadEnumeratedBytes().Span is [0];
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
