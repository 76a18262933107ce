using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PasswordSync.Gateway.Edge.Https;

/// <summary>Loads the operator's certificate: PFX/PKCS#12, or PEM with its key in the same or a separate file.</summary>
internal static class ConfiguredCertificate
{
    public static X509Certificate2 Load(PublicEndpointOptions options)
    {
        var path = options.CertificatePath!;
        X509Certificate2 loaded;
        try
        {
            loaded = IsPkcs12(path)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword)
                : LoadPem(path, string.IsNullOrWhiteSpace(options.KeyPath) ? null : options.KeyPath,
                    options.CertificatePassword);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException
                                          or ArgumentException)
        {
            // The exception text names files and formats, never the password.
            throw new InvalidOperationException(
                $"{PublicEndpointOptions.Section}:CertificatePath '{path}' could not be loaded: {error.Message} " +
                "Give a PEM certificate with its key (KeyPath), or a PFX file (and CertificatePassword if it has one).",
                error);
        }

        using (loaded)
        {
            if (!loaded.HasPrivateKey)
            {
                throw new InvalidOperationException(
                    $"{PublicEndpointOptions.Section}:CertificatePath '{path}' has no private key: set " +
                    $"{PublicEndpointOptions.Section}:KeyPath to its PEM key file.");
            }

            return PemKeys.ToServerCertificate(loaded);
        }
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private static X509Certificate2 LoadPem(string certificatePath, string? keyPath, string? password) =>
        string.IsNullOrEmpty(password)
            ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
}
