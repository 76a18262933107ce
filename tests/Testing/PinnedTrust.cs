using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PasswordSync.Testing;

/// <summary>
/// How the tests trust a server, the way <c>curl --cacert</c> does: a chain to exactly one given certificate (no system
/// roots, no revocation lookups on a machine without internet), and the host name still checked.
/// </summary>
public static class PinnedTrust
{
    /// <summary>True when <paramref name="presented"/> chains to <paramref name="root"/> and to nothing else.</summary>
    public static bool ChainsTo(X509Certificate2 root, X509Certificate presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(leaf);
    }

    /// <summary>
    /// A TLS validation callback's answer: only the chain is ours to judge (the system does not know the root); any
    /// other error, a wrong host name above all, refuses.
    /// </summary>
    public static bool Accepts(X509Certificate2 root, X509Certificate? presented, SslPolicyErrors errors) =>
        presented is not null
        && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
        && ChainsTo(root, presented);
}
