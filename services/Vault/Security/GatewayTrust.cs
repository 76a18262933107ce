using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace PasswordSync.Vault.Security;

/// <summary>
/// Decides whether a client certificate is the gateway's: it chains to the configured internal CA (and only to it)
/// and carries the configured subject.
/// </summary>
public sealed class GatewayTrust
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2Collection _authorities;
    private readonly string _gatewaySubject;

    // Kestrel keeps one certificate instance per connection: remember each verdict for the connection's lifetime.
    private readonly ConditionalWeakTable<X509Certificate2, StrongBox<bool>> _verdicts = new();

    public GatewayTrust(IOptions<VaultSecurityOptions> options)
    {
        var value = options.Value;
        _authorities = string.IsNullOrWhiteSpace(value.ClientCaPath) ? [] : LoadCaCertificates(value.ClientCaPath);
        _gatewaySubject = new X500DistinguishedName(value.GatewaySubject).Name;
    }

    /// <summary>True when the certificate chains to the internal CA (TLS layer check).</summary>
    public bool ChainsToInternalCa(X509Certificate2 certificate, X509Chain? presented = null)
    {
        if (_authorities.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        // A private CA publishes no online revocation list; revocation is handled by re-issuing the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }

    /// <summary>True when the certificate has the gateway's subject.</summary>
    public bool HasGatewaySubject(X509Certificate2 certificate) =>
        string.Equals(certificate.SubjectName.Name, _gatewaySubject, StringComparison.OrdinalIgnoreCase);

    /// <summary>Both checks: this certificate is the gateway's.</summary>
    public bool IsGateway(X509Certificate2 certificate) =>
        _verdicts.GetValue(certificate, c => new StrongBox<bool>(HasGatewaySubject(c) && ChainsToInternalCa(c))).Value;

    internal static X509Certificate2Collection LoadCaCertificates(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection;
    }

    internal static X509Certificate2 LoadServerCertificate(VaultSecurityOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ServerPfxPath))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(options.ServerPfxPath, options.ServerPfxPassword);
        }

        if (string.IsNullOrWhiteSpace(options.ServerKeyPath))
        {
            throw new ArgumentException("ServerKeyPath is required with ServerCertificatePath (PEM).");
        }

        return X509Certificate2.CreateFromPemFile(options.ServerCertificatePath!, options.ServerKeyPath);
    }
}
