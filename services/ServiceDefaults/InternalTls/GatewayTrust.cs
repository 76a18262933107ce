using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>
/// Decides whether a client certificate is the gateway's: it chains to the configured internal CA (and only to it)
/// and carries the configured subject.
/// </summary>
public sealed class GatewayTrust
{
    private readonly X509Certificate2Collection _authorities;
    private readonly string _gatewaySubject;

    // Kestrel keeps one certificate instance per connection: remember each verdict for the connection's lifetime.
    private readonly ConditionalWeakTable<X509Certificate2, StrongBox<bool>> _verdicts = new();

    public GatewayTrust(IOptions<InternalTlsOptions> options)
    {
        var value = options.Value;
        _authorities = string.IsNullOrWhiteSpace(value.ClientCaPath) ? [] : PemCertificates.LoadAll(value.ClientCaPath);
        _gatewaySubject = new X500DistinguishedName(value.GatewaySubject).Name;
    }

    /// <summary>True when the certificate chains to the internal CA (TLS layer check).</summary>
    public bool ChainsToInternalCa(X509Certificate2 certificate, X509Chain? presented = null) =>
        _authorities.Count > 0
        && PrivateCaChain.Validates(certificate, _authorities, PrivateCaChain.ClientAuthentication, presented);

    /// <summary>True when the certificate has the gateway's subject.</summary>
    public bool HasGatewaySubject(X509Certificate2 certificate) =>
        string.Equals(certificate.SubjectName.Name, _gatewaySubject, StringComparison.OrdinalIgnoreCase);

    /// <summary>Both checks: this certificate is the gateway's.</summary>
    public bool IsGateway(X509Certificate2 certificate) =>
        _verdicts.GetValue(certificate, c => new StrongBox<bool>(HasGatewaySubject(c) && ChainsToInternalCa(c))).Value;
}
