using PasswordSync.Directory.V1;
using PublicTarget = PasswordSync.V1.Target;
using VaultTarget = PasswordSync.Vault.V1.Target;

namespace PasswordSync.Gateway.Api.Targets;

/// <summary>
/// Targets between the public API and the vault. The privileged password goes in only (TargetSpec) and never comes
/// back: the vault's Target has no such field.
/// </summary>
internal static class TargetMapping
{
    /// <summary>Field names in the vault's violations that the public API spells differently.</summary>
    public static FieldNames VaultToPublicNames { get; } = new(
        ("target.start_tls", "target.use_start_tls"),
        ("expected_version", "version"));

    public static PublicTarget ToPublic(VaultTarget target)
    {
        var result = new PublicTarget
        {
            Id = target.Id,
            Kind = target.Kind,
            CaCertificatePem = target.CaCertificatePem,
            AcceptAnyCertificate = target.AcceptAnyCertificate,
            AllowPlaintext = target.AllowPlaintext,
            UseStartTls = target.StartTls,
            BaseDn = target.BaseDn,
            PrivilegedAccount = target.PrivilegedAccount,
            // The vault refuses a target (create or update) without a privileged password, so a stored one has it.
            HasPrivilegedPassword = true,
            SshHostKeyFingerprint = target.SshHostKeyFingerprint,
            Version = target.Version,
            CreateTime = target.CreatedAt,
            UpdateTime = target.UpdatedAt,
        };
        result.Names.AddRange(target.Names);
        result.Endpoints.AddRange(target.Endpoints);
        return result;
    }

    public static Vault.V1.TargetSpec ToVault(PublicTarget target)
    {
        var spec = new Vault.V1.TargetSpec
        {
            Kind = target.Kind,
            CaCertificatePem = target.CaCertificatePem,
            AcceptAnyCertificate = target.AcceptAnyCertificate,
            AllowPlaintext = target.AllowPlaintext,
            StartTls = target.UseStartTls,
            BaseDn = target.BaseDn,
            PrivilegedAccount = target.PrivilegedAccount,
            PrivilegedPassword = target.PrivilegedPassword,
            SshHostKeyFingerprint = target.SshHostKeyFingerprint,
        };
        spec.Names.AddRange(target.Names);
        spec.Endpoints.AddRange(target.Endpoints);
        return spec;
    }

    public static V1.TestTargetResponse ToPublic(Directory.V1.TestTargetResponse tested)
    {
        var result = new V1.TestTargetResponse { Ok = tested.Passed };
        result.Checks.AddRange(tested.Checks.Select(check => new V1.TargetCheck
        {
            Name = check.Name,
            Status = check.Status switch
            {
                CheckStatus.Passed => "passed",
                CheckStatus.Failed => "failed",
                CheckStatus.Warning => "warning",
                CheckStatus.Skipped => "skipped",
                _ => "unknown",
            },
            Detail = check.Detail,
            Remedy = check.Remedy,
        }));
        return result;
    }
}
