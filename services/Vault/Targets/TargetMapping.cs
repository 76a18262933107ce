using PasswordSync.Common.V1;
using PasswordSync.Vault.Security;
using ModelTarget = PasswordSync.Vault.Model.Target;

namespace PasswordSync.Vault.Targets;

internal static class TargetMapping
{
    /// <summary>The target as the API shows it: never its privileged password.</summary>
    public static V1.Target ToProto(this ModelTarget target)
    {
        var proto = new V1.Target
        {
            Id = target.Id,
            Kind = (TargetKind)(int)target.Kind,
            CaCertificatePem = target.CaCertificatePem,
            AcceptAnyCertificate = target.AcceptAnyCertificate,
            AllowPlaintext = target.AllowPlaintext,
            StartTls = target.UseStartTls,
            BaseDn = target.BaseDn,
            PrivilegedAccount = target.PrivilegedAccount,
            SshHostKeyFingerprint = target.SshHostKeyFingerprint,
            Version = target.Version,
            CreatedAt = target.CreatedAt.ToProto(),
            UpdatedAt = target.UpdatedAt.ToProto(),
        };
        proto.Names.AddRange(target.Names);
        proto.Endpoints.AddRange(target.Endpoints);
        return proto;
    }
}
