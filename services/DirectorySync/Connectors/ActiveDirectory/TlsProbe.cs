using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using PasswordSync.Common.V1;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// libldap reports a failed TLS handshake as "server down" (81), exactly like a dead server. One probe tells them
/// apart: a TCP connect, then a managed TLS handshake validated against the target's CA and host name. A certificate
/// problem becomes a Configuration failure (not retried, not counted by the circuit breaker); anything else stays
/// transient.
/// </summary>
internal static class TlsProbe
{
    public static async Task<DirectoryException> ExplainServerDownAsync(DirectoryTarget target,
        DirectoryEndpoint endpoint, Exception cause, CancellationToken cancellationToken)
    {
        var result = await ProbeAsync(target, endpoint, cancellationToken);
        return result.Problem switch
        {
            TlsProblem.Unreachable => AdErrors.Transient(endpoint.ToString(), "connecting", cause),
            TlsProblem.Untrusted => new DirectoryException(FailureClass.Configuration, Reason.TlsUntrusted,
                $"The TLS handshake with {endpoint} failed: its certificate is not issued by the target's CA "
                + $"({result.Detail}). Put the CA that issued the directory's certificate in the target's settings.",
                endpoint.ToString(), cause),
            TlsProblem.NameMismatch => new DirectoryException(FailureClass.Configuration, Reason.TlsNameMismatch,
                $"The TLS handshake with {endpoint} failed: its certificate does not name '{endpoint.Host}' "
                + $"({result.Detail}). Use the host name the certificate was issued to in the target's endpoints.",
                endpoint.ToString(), cause),
            _ => AdErrors.Transient(endpoint.ToString(), "connecting over TLS", cause),
        };
    }

    public static async Task<TlsProbeResult> ProbeAsync(DirectoryTarget target, DirectoryEndpoint endpoint,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.OperationTimeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new TlsProbeResult(TlsProblem.Unreachable, $"TCP connect to {endpoint} failed");
        }

        SslPolicyErrors errors = SslPolicyErrors.None;
        string chainStatus = "";
        var caCertificates = target.CaCertificatePem is { Length: > 0 } pem ? CaTrustStore.Parse(pem) : [];
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false,
            (_, certificate, _, policyErrors) =>
            {
                errors = policyErrors & ~SslPolicyErrors.RemoteCertificateChainErrors;
                if (certificate is null || target.AcceptAnyCertificate)
                {
                    errors |= certificate is null ? SslPolicyErrors.RemoteCertificateNotAvailable : SslPolicyErrors.None;
                    return true;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(caCertificates);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                using var serverCertificate = new X509Certificate2(certificate);
                if (!chain.Build(serverCertificate))
                {
                    errors |= SslPolicyErrors.RemoteCertificateChainErrors;
                    chainStatus = string.Join(", ", chain.ChainStatus.Select(s => s.Status));
                }

                return true;
            });
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = endpoint.Host },
                timeout.Token);
        }
        catch (Exception e) when (e is IOException or AuthenticationException or OperationCanceledException
                                   && !cancellationToken.IsCancellationRequested)
        {
            return new TlsProbeResult(TlsProblem.HandshakeFailed, "TLS handshake did not complete");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            return new TlsProbeResult(TlsProblem.Untrusted, $"chain: {chainStatus}");
        }

        return errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
            ? new TlsProbeResult(TlsProblem.NameMismatch, $"certificate subject: {tls.RemoteCertificate?.Subject}")
            : new TlsProbeResult(TlsProblem.None, "TLS handshake and certificate are fine");
    }
}

internal enum TlsProblem
{
    None,
    Unreachable,
    HandshakeFailed,
    Untrusted,
    NameMismatch,
}

internal sealed record TlsProbeResult(TlsProblem Problem, string Detail);
