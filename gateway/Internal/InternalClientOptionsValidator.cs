using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PasswordSync.ServiceDefaults.InternalTls;

namespace PasswordSync.Gateway.Internal;

/// <summary>Fails the gateway's start-up with a message naming the key to fix, rather than its first internal call.</summary>
internal sealed class InternalClientOptionsValidator : IValidateOptions<InternalClientOptions>
{
    private const string Section = InternalClientOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, InternalClientOptions options)
    {
        var failures = new List<string>();
        CheckAddress(InternalClientOptions.VaultAddressKey, options.VaultAddress, "https://vault:5101", failures);
        CheckAddress(InternalClientOptions.DirectorySyncAddressKey, options.DirectorySyncAddress,
            "https://directory-sync:5102", failures);
        if (options.UsesTls)
        {
            CheckTlsFiles(options, failures);
        }

        if (options.CallTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:CallTimeout must be positive (e.g. 00:00:30).");
        }

        if (options.StreamingCallTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:StreamingCallTimeout must be positive (e.g. 00:10:00).");
        }

        if (options.MaxAttempts is < 1 or > 5)
        {
            // gRPC caps retries at 5 attempts per call.
            failures.Add($"{Section}:MaxAttempts must be 1..5 (1 turns retries off).");
        }

        if (options.InitialBackoff <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:InitialBackoff must be positive (e.g. 00:00:00.200).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckAddress(string key, string? address, string example, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            failures.Add($"{key} is not set: the service's gRPC address, e.g. {example} (mutual TLS).");
            return;
        }

        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            failures.Add($"{key} '{address}' is not an https:// (or, locally, http://) address, e.g. {example}.");
            return;
        }

        if (uri.Scheme == "http" && !IsLoopback(uri))
        {
            // Cleartext is the services' local insecure mode, which listens on loopback only.
            failures.Add($"{key} '{address}': http:// (no TLS) is allowed only for loopback addresses; use https:// " +
                $"and set {Section}:CaPath, ClientCertificatePath and ClientKeyPath.");
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static void CheckTlsFiles(InternalClientOptions options, List<string> failures)
    {
        var missing = false;
        foreach (var (key, path) in new[]
        {
            ("CaPath", options.CaPath),
            ("ClientCertificatePath", options.ClientCertificatePath),
            ("ClientKeyPath", options.ClientKeyPath),
        })
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                failures.Add($"{Section}:{key} is required for https:// internal addresses (mutual TLS); " +
                    "create-internal-pki writes ca.pem, gateway.pem and gateway.key.");
                missing = true;
            }
            else if (!File.Exists(path))
            {
                failures.Add($"{Section}:{key}: file '{path}' does not exist.");
                missing = true;
            }
        }

        if (missing)
        {
            return;
        }

        try
        {
            using var credentials = InternalTlsCredentials.Load(options);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException
            or UnauthorizedAccessException or InvalidOperationException)
        {
            // The exception text names files and formats, never key material.
            failures.Add($"{Section}: cannot load CaPath / ClientCertificatePath / ClientKeyPath: {exception.Message}");
        }
    }
}
