namespace PasswordSync.Gateway.Internal;

/// <summary>
/// How the gateway calls the vault and directory-sync (section <c>Gateway:Internal</c>, addresses under
/// <c>Gateway:Vault:Address</c> and <c>Gateway:DirectorySync:Address</c>): mutual TLS with the internal CA, a deadline
/// on every call, and gRPC retries on Unavailable only.
/// </summary>
public sealed class InternalClientOptions
{
    public const string SectionName = "Gateway:Internal";
    public const string VaultAddressKey = "Gateway:Vault:Address";
    public const string DirectorySyncAddressKey = "Gateway:DirectorySync:Address";

    /// <summary>
    /// The vault's gRPC address: https://… (mutual TLS), or http://loopback:port (local insecure mode). Read from
    /// <see cref="VaultAddressKey"/> only: the setter is not public so the binder never takes a
    /// <c>Gateway:Internal:VaultAddress</c> that would then be silently overwritten.
    /// </summary>
    public string? VaultAddress { get; internal set; }

    /// <summary>Directory-sync's gRPC address (from <see cref="DirectorySyncAddressKey"/>), as <see cref="VaultAddress"/>.</summary>
    public string? DirectorySyncAddress { get; internal set; }

    /// <summary>PEM of the internal CA: the only issuer accepted for the services' server certificates.</summary>
    public string? CaPath { get; set; }

    /// <summary>The gateway's client certificate (PEM), subject <c>CN=passwordsync-gateway</c> by default.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The private key of <see cref="ClientCertificatePath"/> (PEM, owner-only).</summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>Deadline given to a unary call that has none.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline given to a streaming call that has none (streams carry whole reports and jobs).</summary>
    public TimeSpan StreamingCallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts of a retryable call (the first one included) when the service answers Unavailable.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Back-off before the first retry (doubling up to one second and a half, with gRPC's jitter).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    internal bool UsesTls =>
        IsHttps(VaultAddress) || IsHttps(DirectorySyncAddress);

    private static bool IsHttps(string? address) =>
        address?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
}
