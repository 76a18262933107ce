namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>
/// How an internal service (vault, directory-sync) authenticates its only legitimate caller, the gateway: mutual TLS
/// with a client certificate issued by the internal CA for the gateway's subject. Every internal service binds the same
/// shape from its own section (<c>Vault:Security</c>, <c>DirectorySync:Security</c>).
/// </summary>
public sealed class InternalTlsOptions
{
    /// <summary>The address both endpoints listen on.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>The mutual-TLS gRPC endpoint (default per service).</summary>
    public int GrpcPort { get; set; }

    /// <summary>Health (/health and gRPC health) over TLS without client certificates, for probes.</summary>
    public int HealthPort { get; set; }

    /// <summary>The service's TLS certificate, PEM (with <see cref="ServerKeyPath"/>), or a PFX.</summary>
    public string? ServerCertificatePath { get; set; }

    public string? ServerKeyPath { get; set; }

    public string? ServerPfxPath { get; set; }

    public string? ServerPfxPassword { get; set; }

    /// <summary>PEM file with the internal CA certificate(s) that issue the gateway's client certificate.</summary>
    public string? ClientCaPath { get; set; }

    /// <summary>The subject the gateway's client certificate must carry, exactly.</summary>
    public string GatewaySubject { get; set; } = InternalPki.GatewaySubject;

    /// <summary>
    /// Local development only: without a server certificate, the service listens on loopback only (gRPC over h2c on
    /// <see cref="GrpcPort"/>, health over HTTP/1.1 on <see cref="HealthPort"/>), and calls without a client
    /// certificate from loopback (or in-process) are treated as the gateway. Off by default; logged as critical at
    /// every start.
    /// </summary>
    public bool AllowInsecureLocalCalls { get; set; }

    public bool HasServerCertificate =>
        !string.IsNullOrWhiteSpace(ServerCertificatePath) || !string.IsNullOrWhiteSpace(ServerPfxPath);
}
