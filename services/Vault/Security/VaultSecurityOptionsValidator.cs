using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace PasswordSync.Vault.Security;

/// <summary>Fails the start-up with a message saying what to configure, rather than the first call.</summary>
internal sealed class VaultSecurityOptionsValidator : IValidateOptions<VaultSecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, VaultSecurityOptions options)
    {
        var failures = new List<string>();
        var section = VaultSecurityOptions.SectionName;
        if (!options.HasServerCertificate && !options.AllowInsecureLocalCalls)
        {
            failures.Add($"{section}: set ServerCertificatePath + ServerKeyPath (PEM) or ServerPfxPath, and ClientCaPath, " +
                "so only the gateway (mutual TLS) can call the vault. For local development only, set " +
                "AllowInsecureLocalCalls=true instead.");
        }

        if (options.HasServerCertificate)
        {
            CheckServerCertificate(options, failures);
            CheckClientCa(options, failures);
            CheckPort(nameof(options.GrpcPort), options.GrpcPort, failures);
            CheckPort(nameof(options.HealthPort), options.HealthPort, failures);
            if (options.GrpcPort == options.HealthPort)
            {
                failures.Add($"{section}: GrpcPort and HealthPort must differ (health has no client certificate).");
            }

            if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
            {
                failures.Add($"{section}:ListenAddress '{options.ListenAddress}' is not an IP address.");
            }
        }

        try
        {
            var subject = new X500DistinguishedName(options.GatewaySubject);
            if (string.IsNullOrWhiteSpace(subject.Name))
            {
                failures.Add($"{section}:GatewaySubject is empty; use e.g. CN=passwordsync-gateway.");
            }
        }
        catch (CryptographicException)
        {
            failures.Add($"{section}:GatewaySubject '{options.GatewaySubject}' is not a distinguished name " +
                "(e.g. CN=passwordsync-gateway).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckServerCertificate(VaultSecurityOptions options, List<string> failures)
    {
        try
        {
            using var certificate = GatewayTrust.LoadServerCertificate(options);
            if (!certificate.HasPrivateKey)
            {
                failures.Add($"{VaultSecurityOptions.SectionName}: the server certificate has no private key.");
            }
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or ArgumentException
            or UnauthorizedAccessException)
        {
            // The exception text names files and formats, never key material.
            failures.Add($"{VaultSecurityOptions.SectionName}: cannot load the server certificate: {exception.Message}");
        }
    }

    private static void CheckClientCa(VaultSecurityOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.ClientCaPath))
        {
            failures.Add($"{VaultSecurityOptions.SectionName}:ClientCaPath is required with a server certificate: " +
                "the PEM of the internal CA that issues the gateway's client certificate.");
            return;
        }

        try
        {
            if (GatewayTrust.LoadCaCertificates(options.ClientCaPath).Count == 0)
            {
                failures.Add($"{VaultSecurityOptions.SectionName}:ClientCaPath '{options.ClientCaPath}' holds no certificate.");
            }
        }
        catch (Exception exception) when (exception is CryptographicException or IOException
            or UnauthorizedAccessException)
        {
            failures.Add($"{VaultSecurityOptions.SectionName}: cannot load ClientCaPath: {exception.Message}");
        }
    }

    private static void CheckPort(string name, int port, List<string> failures)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{VaultSecurityOptions.SectionName}:{name} must be 1..65535.");
        }
    }
}
