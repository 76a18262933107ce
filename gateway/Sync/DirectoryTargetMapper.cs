using System.Globalization;
using PasswordSync.Vault.V1;
using DirectoryEndpoint = PasswordSync.Directory.V1.Endpoint;
using DirectoryTarget = PasswordSync.Directory.V1.Target;

namespace PasswordSync.Gateway.Sync;

/// <summary>
/// The vault's target with its privileged password (from GetSyncMaterial) as directory-sync's Target. The result holds
/// a secret: never log it.
/// </summary>
public static class DirectoryTargetMapper
{
    public static DirectoryTarget ToDirectoryTarget(SyncTarget syncTarget)
    {
        var target = syncTarget.Target;
        var mapped = new DirectoryTarget
        {
            Id = target.Id,
            Kind = target.Kind,
            CaCertificatePem = target.CaCertificatePem,
            AcceptAnyCertificate = target.AcceptAnyCertificate,
            AllowPlaintext = target.AllowPlaintext,
            StartTls = target.StartTls,
            BaseDn = target.BaseDn,
            PrivilegedAccount = target.PrivilegedAccount,
            PrivilegedPassword = syncTarget.PrivilegedPassword,
            SshHostKeyFingerprint = target.SshHostKeyFingerprint,
        };
        mapped.Endpoints.AddRange(target.Endpoints.Select(ParseEndpoint));
        return mapped;
    }

    /// <summary>"host:port" or "[v6]:port", as the vault validated it.</summary>
    public static DirectoryEndpoint ParseEndpoint(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        var host = endpoint[..colon].Trim('[', ']');
        var port = uint.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture);
        return new DirectoryEndpoint { Host = host, Port = port };
    }
}
