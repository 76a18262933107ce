using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>Fails the start-up with a message saying what to configure, rather than the first call.</summary>
internal sealed class InternalTlsOptionsValidator(InternalTlsService service) : IValidateOptions<InternalTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, InternalTlsOptions options)
    {
        var failures = new List<string>();
        var section = service.SectionName;
        if (!options.HasServerCertificate && !options.AllowInsecureLocalCalls)
        {
            failures.Add($"{section}: set ServerCertificatePath + ServerKeyPath (PEM) or ServerPfxPath, and ClientCaPath, " +
                $"so only the gateway (mutual TLS) can call the {service.Name}. For local development only, set " +
                "AllowInsecureLocalCalls=true instead.");
        }

        CheckPort(nameof(options.GrpcPort), options.GrpcPort, failures);
        CheckPort(nameof(options.HealthPort), options.HealthPort, failures);
        if (options.GrpcPort == options.HealthPort)
        {
            failures.Add($"{section}: GrpcPort and HealthPort must differ (health has no client certificate).");
        }

        if (options.HasServerCertificate)
        {
            CheckServerCertificate(options, failures);
            CheckClientCa(options, failures);
            if (!IPAddress.TryParse(options.ListenAddress, out _))
            {
                failures.Add($"{section}:ListenAddress '{options.ListenAddress}' is not an IP address.");
            }
        }

        CheckGatewaySubject(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void CheckServerCertificate(InternalTlsOptions options, List<string> failures)
    {
        try
        {
            using var certificate = PemCertificates.LoadServerCertificate(options);
            if (!certificate.HasPrivateKey)
            {
                failures.Add($"{service.SectionName}: the server certificate has no private key.");
            }
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or ArgumentException
            or UnauthorizedAccessException)
        {
            // The exception text names files and formats, never key material.
            failures.Add($"{service.SectionName}: cannot load the server certificate " +
                $"(ServerCertificatePath/ServerKeyPath or ServerPfxPath): {exception.Message}");
        }
    }

    private void CheckClientCa(InternalTlsOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.ClientCaPath))
        {
            failures.Add($"{service.SectionName}:ClientCaPath is required with a server certificate: " +
                "the PEM of the internal CA that issues the gateway's client certificate.");
            return;
        }

        try
        {
            if (PemCertificates.LoadAll(options.ClientCaPath).Count == 0)
            {
                failures.Add($"{service.SectionName}:ClientCaPath '{options.ClientCaPath}' holds no certificate.");
            }
        }
        catch (Exception exception) when (exception is CryptographicException or IOException
            or UnauthorizedAccessException)
        {
            failures.Add($"{service.SectionName}: cannot load ClientCaPath: {exception.Message}");
        }
    }

    private void CheckGatewaySubject(InternalTlsOptions options, List<string> failures)
    {
        try
        {
            var subject = new X500DistinguishedName(options.GatewaySubject);
            if (string.IsNullOrWhiteSpace(subject.Name))
            {
                failures.Add($"{service.SectionName}:GatewaySubject is empty; use e.g. {InternalPki.GatewaySubject}.");
            }
        }
        catch (CryptographicException)
        {
            failures.Add($"{service.SectionName}:GatewaySubject '{options.GatewaySubject}' is not a distinguished name " +
                $"(e.g. {InternalPki.GatewaySubject}).");
        }
    }

    private void CheckPort(string name, int port, List<string> failures)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{service.SectionName}:{name} must be 1..65535.");
        }
    }
}
