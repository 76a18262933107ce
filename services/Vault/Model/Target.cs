namespace PasswordSync.Vault.Model;

/// <summary>Kind of a registered directory or host (mirrors passwordsync.common.v1.TargetKind).</summary>
public enum TargetKind
{
    Unspecified = 0,
    ActiveDirectory = 1,
    Ldap = 2,
    SshLinux = 3,
    SshWindows = 4,
}

/// <summary>
/// A registered directory or host and the privileged account used to reset passwords there. The privileged password
/// is stored sealed as a standalone secret (it embeds its own wrapped data key, owner = target id).
/// </summary>
public sealed record Target
{
    public required string Id { get; init; }

    public required TargetKind Kind { get; init; }

    /// <summary>The names it answers to (DNS name, NetBIOS name, host name); unique across targets, case-insensitive.</summary>
    public required IReadOnlyList<string> Names { get; init; }

    /// <summary>Endpoints in the order they are tried, as "host:port".</summary>
    public required IReadOnlyList<string> Endpoints { get; init; }

    public string CaCertificatePem { get; init; } = "";

    public bool AcceptAnyCertificate { get; init; }

    public bool AllowPlaintext { get; init; }

    public bool UseStartTls { get; init; }

    public string BaseDn { get; init; } = "";

    public string PrivilegedAccount { get; init; } = "";

    public required byte[] SealedPrivilegedPassword { get; init; }

    /// <summary>The KEK version the privileged password's embedded data key is wrapped with (for KEK rotation).</summary>
    public required int PrivilegedPasswordKekVersion { get; init; }

    public string SshHostKeyFingerprint { get; init; } = "";

    public long Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
