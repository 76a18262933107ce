namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>A registered directory or host in the "targets" collection.</summary>
internal sealed class TargetDocument
{
    public string Id { get; set; } = "";

    public Model.TargetKind Kind { get; set; }

    public List<string> Names { get; set; } = [];

    /// <summary>Lowercase shadows of <see cref="Names"/> under a unique multikey index: no two targets share a name.</summary>
    public List<string> NamesLower { get; set; } = [];

    public List<string> Endpoints { get; set; } = [];

    public string CaCertificatePem { get; set; } = "";

    public bool AcceptAnyCertificate { get; set; }

    public bool AllowPlaintext { get; set; }

    public bool UseStartTls { get; set; }

    public string BaseDn { get; set; } = "";

    public string PrivilegedAccount { get; set; } = "";

    public byte[] PrivilegedPassword { get; set; } = [];

    public int PrivilegedPasswordKekVersion { get; set; }

    public string SshHostKeyFingerprint { get; set; } = "";

    public long Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
