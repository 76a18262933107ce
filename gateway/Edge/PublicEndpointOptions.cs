using System.ComponentModel.DataAnnotations;
using System.Net;

namespace PasswordSync.Gateway.Edge;

/// <summary>
/// The public endpoint (<c>Gateway:Public</c>): one HTTPS port serving gRPC (HTTP/2) and HTTP/JSON (HTTP/1.1 or 2).
/// Without a configured certificate, one is generated on first run into <c>Gateway:StateDirectory</c>.
/// </summary>
public sealed class PublicEndpointOptions : IValidatableObject
{
    public const string Section = "Gateway:Public";

    public const string StateDirectoryKey = "Gateway:StateDirectory";

    /// <summary>An IP address, <c>localhost</c> or <c>*</c> (every address).</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    [Range(1, 65535)]
    public int Port { get; set; } = 8443;

    /// <summary>A PEM certificate (with <see cref="KeyPath"/>, or the key in the same file) or a PFX/PKCS#12 file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>, when it is a separate file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PFX file or of an encrypted PEM key, when it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Larger request bodies are refused with 413 (HTTP/JSON) or ResourceExhausted (gRPC).</summary>
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Where a generated certificate is kept (from <c>Gateway:StateDirectory</c>, default <c>state</c>).</summary>
    public string StateDirectory { get; set; } = "state";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ListenAddress is not ("localhost" or "*") && !IPAddress.TryParse(ListenAddress, out _))
        {
            yield return new ValidationResult(
                $"{Section}:ListenAddress must be an IP address, 'localhost' or '*'.", [nameof(ListenAddress)]);
        }

        if (!string.IsNullOrWhiteSpace(KeyPath) && string.IsNullOrWhiteSpace(CertificatePath))
        {
            yield return new ValidationResult(
                $"{Section}:KeyPath is set but {Section}:CertificatePath is not: set both, or neither to use a " +
                "generated certificate.", [nameof(KeyPath)]);
        }
    }
}
