using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace PasswordSync.Gateway.Edge.Https;

/// <summary>
/// The public endpoint's certificate: the configured one, or one generated on first run and reused afterwards.
/// Loaded once, when Kestrel starts (in-process tests never start Kestrel, so they never create one).
/// </summary>
internal sealed class PublicCertificateSource(
    IOptions<PublicEndpointOptions> options,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<PublicCertificateSource> logger)
{
    private readonly Lazy<X509Certificate2> certificate = new(() => Load(options.Value, environment, time, logger));

    public X509Certificate2 Certificate => certificate.Value;

    private static X509Certificate2 Load(PublicEndpointOptions options, IHostEnvironment environment,
        TimeProvider time, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            var configured = ConfiguredCertificate.Load(options);
            EdgeLog.UsingConfiguredCertificate(logger, options.CertificatePath, Thumbprint(configured),
                configured.NotAfter);
            return configured;
        }

        var directory = Path.GetFullPath(options.StateDirectory, environment.ContentRootPath);
        var generated = GeneratedCertificate.LoadOrCreate(directory, time.GetUtcNow(), logger);
        EdgeLog.UsingGeneratedCertificate(logger, generated.CertificatePath, Thumbprint(generated.Certificate),
            generated.Certificate.NotAfter);
        return generated.Certificate;
    }

    /// <summary>SHA-256 thumbprint, the one clients compare (e.g. <c>openssl x509 -fingerprint -sha256</c>).</summary>
    private static string Thumbprint(X509Certificate2 certificate) =>
        Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
}
