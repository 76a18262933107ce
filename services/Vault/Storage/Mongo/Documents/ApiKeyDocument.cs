namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>An API key in the "api_keys" collection: only its hash, under a unique index.</summary>
internal sealed class ApiKeyDocument
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Prefix { get; set; } = "";

    public byte[] Hash { get; set; } = [];

    public Model.ApiPermissions Permissions { get; set; }

    public List<string> ListIds { get; set; } = [];

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }
}
