namespace PasswordSync.Vault.Model;

[Flags]
public enum ApiPermissions
{
    None = 0,
    Read = 1,
    Reveal = 2,
    Write = 4,
    Sync = 8,
    Admin = 16,
}

/// <summary>An API key: only its hash is stored; the key itself is shown once at creation.</summary>
public sealed record ApiKey
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The first characters of the key, to recognise it in listings.</summary>
    public required string Prefix { get; init; }

    public required byte[] Hash { get; init; }

    public required ApiPermissions Permissions { get; init; }

    /// <summary>The lists the key may touch; empty means every list.</summary>
    public IReadOnlyList<string> ListIds { get; init; } = [];

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }
}
