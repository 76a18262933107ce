using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>Converts targets between the domain model and <see cref="TargetDocument"/>.</summary>
internal static class TargetDocumentMapper
{
    public static TargetDocument ToDocument(Target t) => new()
    {
        Id = t.Id,
        Kind = t.Kind,
        Names = [.. t.Names],
        NamesLower = [.. t.Names.Select(n => n.ToLowerInvariant()).Distinct()],
        Endpoints = [.. t.Endpoints],
        CaCertificatePem = t.CaCertificatePem,
        AcceptAnyCertificate = t.AcceptAnyCertificate,
        AllowPlaintext = t.AllowPlaintext,
        UseStartTls = t.UseStartTls,
        BaseDn = t.BaseDn,
        PrivilegedAccount = t.PrivilegedAccount,
        PrivilegedPassword = t.SealedPrivilegedPassword,
        PrivilegedPasswordKekVersion = t.PrivilegedPasswordKekVersion,
        SshHostKeyFingerprint = t.SshHostKeyFingerprint,
        Version = t.Version,
        CreatedAt = BsonDates.ToBson(t.CreatedAt),
        UpdatedAt = BsonDates.ToBson(t.UpdatedAt),
    };

    public static Target ToModel(TargetDocument d) => new()
    {
        Id = d.Id,
        Kind = d.Kind,
        Names = [.. d.Names],
        Endpoints = [.. d.Endpoints],
        CaCertificatePem = d.CaCertificatePem,
        AcceptAnyCertificate = d.AcceptAnyCertificate,
        AllowPlaintext = d.AllowPlaintext,
        UseStartTls = d.UseStartTls,
        BaseDn = d.BaseDn,
        PrivilegedAccount = d.PrivilegedAccount,
        SealedPrivilegedPassword = d.PrivilegedPassword,
        PrivilegedPasswordKekVersion = d.PrivilegedPasswordKekVersion,
        SshHostKeyFingerprint = d.SshHostKeyFingerprint,
        Version = d.Version,
        CreatedAt = BsonDates.FromBson(d.CreatedAt),
        UpdatedAt = BsonDates.FromBson(d.UpdatedAt),
    };
}
