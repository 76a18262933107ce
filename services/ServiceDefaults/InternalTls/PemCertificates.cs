using System.Security.Cryptography.X509Certificates;

namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>Loads certificates (with or without their key) from PEM or PFX files.</summary>
public static class PemCertificates
{
    /// <summary>Every certificate of a PEM file (a CA bundle).</summary>
    public static X509Certificate2Collection LoadAll(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection;
    }

    /// <summary>
    /// A certificate with its private key, usable by SslStream on every platform (a PKCS#12 round trip turns the
    /// ephemeral key of a PEM import into one the TLS stack accepts).
    /// </summary>
    public static X509Certificate2 LoadWithKey(string certificatePath, string keyPath)
    {
        using var fromPem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        return X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The server certificate of <paramref name="options"/> (PEM pair, or PFX).</summary>
    public static X509Certificate2 LoadServerCertificate(InternalTlsOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ServerPfxPath))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(options.ServerPfxPath, options.ServerPfxPassword);
        }

        if (string.IsNullOrWhiteSpace(options.ServerKeyPath))
        {
            throw new ArgumentException("ServerKeyPath is required with ServerCertificatePath (PEM).");
        }

        return LoadWithKey(options.ServerCertificatePath!, options.ServerKeyPath);
    }
}
