namespace PasswordSync.Vault.Security;

/// <summary>
/// How the vault authenticates its only legitimate caller, the gateway (section <c>Vault:Security</c>): mutual TLS
/// with a client certificate issued by the internal CA for the gateway's subject.
/// </summary>
public sealed class VaultSecurityOptions
{
    public const string SectionName = "Vault:Security";

    /// <summary>The address both endpoints listen on.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>The mutual-TLS gRPC endpoint.</summary>
    public int GrpcPort { get; set; } = 5101;

    /// <summary>Health (/health and gRPC health) over TLS without client certificates, for probes.</summary>
    public int HealthPort { get; set; } = 5111;

    /// <summary>The vault's TLS certificate, PEM (with <see cref="ServerKeyPath"/>), or a PFX.</summary>
    public string? ServerCertificatePath { get; set; }

    public string? ServerKeyPath { get; set; }

    public string? ServerPfxPath { get; set; }

    public string? ServerPfxPassword { get; set; }

    /// <summary>PEM file with the internal CA certificate(s) that issue the gateway's client certificate.</summary>
    public string? ClientCaPath { get; set; }

    /// <summary>The subject the gateway's client certificate must carry, exactly.</summary>
    public string GatewaySubject { get; set; } = "CN=passwordsync-gateway";

    /// <summary>
    /// Local development only: without a server certificate, the vault listens on loopback only (gRPC over h2c on
    /// <see cref="GrpcPort"/>, health over HTTP/1.1 on <see cref="HealthPort"/>), and calls without a client
    /// certificate from loopback (or in-process) are treated as the gateway. Off by default; logged as critical at
    /// every start.
    /// </summary>
    public bool AllowInsecureLocalCalls { get; set; }

    internal bool HasServerCertificate =>
        !string.IsNullOrWhiteSpace(ServerCertificatePath) || !string.IsNullOrWhiteSpace(ServerPfxPath);
}
