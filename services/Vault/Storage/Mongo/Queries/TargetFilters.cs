using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo.Queries;

internal static class TargetFilters
{
    private static FilterDefinitionBuilder<TargetDocument> F => Builders<TargetDocument>.Filter;

    public static FilterDefinition<TargetDocument> ById(string id) => F.Eq(d => d.Id, id);

    public static FilterDefinition<TargetDocument> AtVersion(string id, long expectedVersion) =>
        ById(id) & F.Eq(d => d.Version, expectedVersion);

    /// <summary>Exact, case-insensitive: equality on the lowercase shadow array (served by the unique multikey index).</summary>
    public static FilterDefinition<TargetDocument> AnswersTo(string name) =>
        F.AnyEq(d => d.NamesLower, name.ToLowerInvariant());

    public static FilterDefinition<TargetDocument> After(string? afterId) =>
        afterId is null ? F.Empty : F.Gt(d => d.Id, afterId);

    public static SortDefinition<TargetDocument> ById() => Builders<TargetDocument>.Sort.Ascending(d => d.Id);

    public static FilterDefinition<TargetDocument> SecretNotUnder(int kekVersion, string? afterId) =>
        F.Ne(d => d.PrivilegedPasswordKekVersion, kekVersion) & After(afterId);

    public static FilterDefinition<TargetDocument> SecretIs(string id, byte[] sealedSecret) =>
        ById(id) & F.Eq(d => d.PrivilegedPassword, sealedSecret);

    public static UpdateDefinition<TargetDocument> Replace(TargetDocument t, DateTimeOffset updatedAt) =>
        Builders<TargetDocument>.Update
            .Set(d => d.Kind, t.Kind)
            .Set(d => d.Names, t.Names)
            .Set(d => d.NamesLower, t.NamesLower)
            .Set(d => d.Endpoints, t.Endpoints)
            .Set(d => d.CaCertificatePem, t.CaCertificatePem)
            .Set(d => d.AcceptAnyCertificate, t.AcceptAnyCertificate)
            .Set(d => d.AllowPlaintext, t.AllowPlaintext)
            .Set(d => d.UseStartTls, t.UseStartTls)
            .Set(d => d.BaseDn, t.BaseDn)
            .Set(d => d.PrivilegedAccount, t.PrivilegedAccount)
            .Set(d => d.PrivilegedPassword, t.PrivilegedPassword)
            .Set(d => d.PrivilegedPasswordKekVersion, t.PrivilegedPasswordKekVersion)
            .Set(d => d.SshHostKeyFingerprint, t.SshHostKeyFingerprint)
            .Set(d => d.UpdatedAt, BsonDates.ToBson(updatedAt))
            .Inc(d => d.Version, 1L);

    public static UpdateDefinition<TargetDocument> ReplaceSecret(byte[] sealedSecret, int kekVersion) =>
        Builders<TargetDocument>.Update
            .Set(d => d.PrivilegedPassword, sealedSecret)
            .Set(d => d.PrivilegedPasswordKekVersion, kekVersion);
}
