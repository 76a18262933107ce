using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>
/// Chain validation against the suite's private CA only (never the machine's trust store), used on both sides of
/// mutual TLS.
/// </summary>
public static class PrivateCaChain
{
    public static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    public static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    public static bool Validates(X509Certificate2 certificate, X509Certificate2Collection authorities, Oid usage,
        X509Chain? presented = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // A private CA publishes no online revocation list; revocation is handled by re-issuing the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(usage);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }
}
