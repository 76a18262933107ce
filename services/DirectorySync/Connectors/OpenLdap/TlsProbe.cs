using System.Formats.Asn1;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using PasswordSync.Common.V1;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>What a direct TCP + TLS probe of an endpoint found.</summary>
internal enum TlsProbeOutcome
{
    /// <summary>TCP connect failed or timed out: the server is down or unreachable.</summary>
    Unreachable,
    /// <summary>TCP works but no TLS handshake completed (the port speaks plain LDAP, or StartTLS was refused).</summary>
    NoTls,
    Untrusted,
    NameMismatch,
    Trusted,
}

internal sealed record TlsProbeResult(TlsProbeOutcome Outcome, string Detail);

/// <summary>
/// libldap reports every failed TLS handshake as "server down" (81), which looks transient. This probe reconnects once
/// with .NET's own TLS stack, against the target's CA, so a certificate problem is reported as such (and never
/// retried) instead of as an unavailable server.
/// </summary>
internal static class TlsProbe
{
    // LDAPMessage { messageID 1, extendedReq [APPLICATION 23] { requestName [0] "1.3.6.1.4.1.1466.20037" } }
    private static readonly byte[] StartTlsRequest =
        [0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16, .. "1.3.6.1.4.1.1466.20037"u8];

    public static async Task<TlsProbeResult> ProbeAsync(DirectoryEndpoint endpoint, LdapTransport transport,
        string? caPem, TimeSpan timeout, CancellationToken cancellationToken)
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
        if (transport == LdapTransport.StartTls && !await StartTlsAcceptedAsync(stream, deadline.Token))
        {
            return new(TlsProbeOutcome.NoTls, $"{endpoint} refused StartTLS");
        }

        SslPolicyErrors errors = SslPolicyErrors.None;
        X509ChainStatusFlags chainStatus = X509ChainStatusFlags.NoError;
        using var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, _, policyErrors) =>
        {
            (errors, chainStatus) = Validate(certificate, policyErrors, caPem);
            return errors == SslPolicyErrors.None;
        });
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = endpoint.Host },
                deadline.Token);
            return new(TlsProbeOutcome.Trusted, $"TLS to {endpoint} is trusted");
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException
            or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors)
                || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            {
                return new(TlsProbeOutcome.Untrusted, $"certificate chain: {chainStatus}");
            }

            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return new(TlsProbeOutcome.NameMismatch, $"the certificate does not name {endpoint.Host}");
            }

            return new(TlsProbeOutcome.NoTls, $"no TLS handshake with {endpoint}");
        }
    }

    /// <summary>The classified failure for a probe that explains a "server down", or null when it is really down.</summary>
    public static DirectoryException? ToFailure(TlsProbeResult probe, DirectoryEndpoint endpoint, Exception inner) =>
        probe.Outcome switch
        {
            TlsProbeOutcome.Untrusted => new DirectoryException(FailureClass.Configuration, Reason.TlsUntrusted,
                $"The TLS certificate of {endpoint} is not trusted ({probe.Detail}): set the target's CA certificate "
                + "to the CA that issued the directory's certificate.", endpoint.Host, inner),
            TlsProbeOutcome.NameMismatch => new DirectoryException(FailureClass.Configuration, Reason.TlsNameMismatch,
                $"The TLS certificate of {endpoint} does not name '{endpoint.Host}': use the host name the certificate "
                + "was issued for (as in its subject alternative names) as the target's endpoint.", endpoint.Host, inner),
            TlsProbeOutcome.NoTls => new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                $"No TLS session could be established with {endpoint} ({probe.Detail}): point the target at the "
                + "directory's LDAPS port, or enable StartTLS on the target; plaintext is used only when the target "
                + "explicitly allows it.", endpoint.Host, inner),
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
