namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>The files of the suite's internal PKI in one folder (PEM; keys are owner-only, 0600).</summary>
public sealed record InternalPkiFiles(string Directory)
{
    public string CaCertificate => Path.Combine(Directory, "ca.pem");

    public string CaKey => Path.Combine(Directory, "ca.key");

    public string VaultCertificate => Path.Combine(Directory, "vault.pem");

    public string VaultKey => Path.Combine(Directory, "vault.key");

    public string DirectorySyncCertificate => Path.Combine(Directory, "directory-sync.pem");

    public string DirectorySyncKey => Path.Combine(Directory, "directory-sync.key");

    public string GatewayCertificate => Path.Combine(Directory, "gateway.pem");

    public string GatewayKey => Path.Combine(Directory, "gateway.key");
}
