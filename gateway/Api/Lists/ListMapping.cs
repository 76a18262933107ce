using PublicList = PasswordSync.V1.PasswordList;
using PublicPolicy = PasswordSync.V1.PasswordPolicy;
using PublicReadiness = PasswordSync.V1.ListReadiness;
using VaultList = PasswordSync.Vault.V1.PasswordList;
using VaultPolicy = PasswordSync.Vault.V1.PasswordPolicy;
using VaultReadiness = PasswordSync.Vault.V1.ListReadiness;

namespace PasswordSync.Gateway.Api.Lists;

/// <summary>
/// Lists between the public API (flat standard_fields / generic_fields) and the vault (one FieldConfiguration).
/// The enums have the same numbers on both sides by design, so they are converted by value.
/// </summary>
internal static class ListMapping
{
    /// <summary>Field names in the vault's violations that the public API spells differently.</summary>
    public static FieldNames VaultToPublicNames { get; } = new(
        ("list.fields.standard_fields", "list.standard_fields"),
        ("list.fields.generic_fields", "list.generic_fields"),
        ("list.id", "list_id"),
        ("id", "list_id"));

    public static PublicList ToPublic(VaultList list)
    {
        var result = new PublicList
        {
            Id = list.Id,
            Name = list.Name,
            Description = list.Description,
            Policy = list.Policy is null ? null : ToPublic(list.Policy),
            PreventReuseCount = list.PreventReuseCount,
            Version = list.Version,
            Readiness = list.Readiness is null ? null : ToPublic(list.Readiness),
            CreateTime = list.CreateTime,
            UpdateTime = list.UpdateTime,
        };
        if (list.Fields is { } fields)
        {
            result.StandardFields.AddRange(fields.StandardFields.Select(f => (V1.StandardField)(int)f));
            result.GenericFields.AddRange(fields.GenericFields.Select(g => new V1.GenericField { Key = g.Key, Label = g.Label }));
        }

        return result;
    }

    /// <summary>The settable fields only; ids, versions, times and readiness are the vault's business.</summary>
    public static VaultList ToVault(PublicList list)
    {
        var result = new VaultList
        {
            Name = list.Name,
            Description = list.Description,
            Policy = list.Policy is null ? null : ToVault(list.Policy),
            PreventReuseCount = list.PreventReuseCount,
            Fields = new Vault.V1.FieldConfiguration(),
        };
        result.Fields.StandardFields.AddRange(list.StandardFields.Select(f => (Vault.V1.StandardField)(int)f));
        result.Fields.GenericFields.AddRange(list.GenericFields.Select(g => new Vault.V1.GenericField { Key = g.Key, Label = g.Label }));
        return result;
    }

    public static PublicReadiness ToPublic(VaultReadiness readiness)
    {
        var result = new PublicReadiness { Ready = readiness.Ready };
        result.Missing.AddRange(readiness.Missing.Select(m => new V1.ReadinessProblem { Code = m.Code, Message = m.Message }));
        return result;
    }

    public static PublicPolicy ToPublic(VaultPolicy policy) => new()
    {
        Style = (V1.PasswordStyle)(int)policy.Style,
        Length = policy.Length,
        MinUppercase = policy.MinUppercase,
        MinLowercase = policy.MinLowercase,
        MinDigits = policy.MinDigits,
        MinSymbols = policy.MinSymbols,
        UseUppercase = policy.UseUppercase,
        UseLowercase = policy.UseLowercase,
        UseDigits = policy.UseDigits,
        UseSymbols = policy.UseSymbols,
        ExcludedCharacters = policy.ExcludedCharacters,
        WordCount = policy.WordCount,
        WordSeparator = policy.WordSeparator,
        WordPhraseComplexity = policy.WordPhraseComplexity,
    };

    public static VaultPolicy ToVault(PublicPolicy policy) => new()
    {
        Style = (Vault.V1.PasswordStyle)(int)policy.Style,
        Length = policy.Length,
        MinUppercase = policy.MinUppercase,
        MinLowercase = policy.MinLowercase,
        MinDigits = policy.MinDigits,
        MinSymbols = policy.MinSymbols,
        UseUppercase = policy.UseUppercase,
        UseLowercase = policy.UseLowercase,
        UseDigits = policy.UseDigits,
        UseSymbols = policy.UseSymbols,
        ExcludedCharacters = policy.ExcludedCharacters,
        WordCount = policy.WordCount,
        WordSeparator = policy.WordSeparator,
        WordPhraseComplexity = policy.WordPhraseComplexity,
    };
}
