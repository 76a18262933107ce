using PasswordSync.Vault.Passwords;

namespace PasswordSync.Vault.Model;

/// <summary>The standard fields a password list can use (Passwordstate's names).</summary>
[Flags]
public enum StandardFields
{
    None = 0,
    Title = 1,
    UserName = 2,
    AccountType = 4,
    Description = 8,
    Url = 16,
    Notes = 32,
    ExpiryDate = 64,
}

/// <summary>One of up to 10 labelled generic fields of a list; <see cref="Key"/> is "generic1".."generic10".</summary>
public sealed record GenericField(string Key, string Label);

/// <summary>Which fields a list's records use.</summary>
public sealed record FieldConfiguration(StandardFields StandardFields, IReadOnlyList<GenericField> GenericFields);

/// <summary>A password list: a container of records with a field configuration and a password policy.</summary>
public sealed record PasswordList
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public required FieldConfiguration Fields { get; init; }

    public PasswordPolicy Policy { get; init; } = PasswordPolicy.Default;

    /// <summary>How many previous passwords of a record may not be reused (0 = no check).</summary>
    public int PreventReuseCount { get; init; }

    /// <summary>Optimistic concurrency: incremented by every change; updates carry the version they read.</summary>
    public long Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
