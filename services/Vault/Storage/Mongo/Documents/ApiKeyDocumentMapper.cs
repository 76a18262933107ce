using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>Converts API keys between the domain model and <see cref="ApiKeyDocument"/>.</summary>
internal static class ApiKeyDocumentMapper
{
    public static ApiKeyDocument ToDocument(ApiKey k) => new()
    {
        Id = k.Id,
        Name = k.Name,
        Prefix = k.Prefix,
        Hash = k.Hash,
        Permissions = k.Permissions,
        ListIds = [.. k.ListIds],
        CreatedBy = k.CreatedBy,
        CreatedAt = BsonDates.ToBson(k.CreatedAt),
        ExpiresAt = BsonDates.ToBson(k.ExpiresAt),
        RevokedAt = BsonDates.ToBson(k.RevokedAt),
        LastUsedAt = BsonDates.ToBson(k.LastUsedAt),
    };

    public static ApiKey ToModel(ApiKeyDocument d) => new()
    {
        Id = d.Id,
        Name = d.Name,
        Prefix = d.Prefix,
        Hash = d.Hash,
        Permissions = d.Permissions,
        ListIds = [.. d.ListIds],
        CreatedBy = d.CreatedBy,
        CreatedAt = BsonDates.FromBson(d.CreatedAt),
        ExpiresAt = BsonDates.FromBson(d.ExpiresAt),
        RevokedAt = BsonDates.FromBson(d.RevokedAt),
        LastUsedAt = BsonDates.FromBson(d.LastUsedAt),
    };
}
