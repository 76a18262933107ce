using PasswordSync.Vault.Validation;
using ModelList = PasswordSync.Vault.Model.PasswordList;
using ModelPolicy = PasswordSync.Vault.Passwords.PasswordPolicy;
using ProtoList = PasswordSync.Vault.V1.PasswordList;

namespace PasswordSync.Vault.Lists;

/// <summary>
/// Applies the caller's list fields (all of them on create, the masked ones on update) to a list, validating each.
/// Problems are collected, not thrown, so one reply names every offending field.
/// </summary>
public static class ListInput
{
    public const int MaxNameLength = 128;
    public const int MaxDescriptionLength = 1024;
    public const int MaxPreventReuseCount = 24;

    public const string Name = "name";
    public const string Description = "description";
    public const string Fields = "fields";
    public const string Policy = "policy";
    public const string PreventReuseCount = "prevent_reuse_count";

    public static IReadOnlyList<string> AllPaths { get; } = [Name, Description, Fields, Policy, PreventReuseCount];

    public static ModelList Apply(ModelList target, ProtoList input, IEnumerable<string> paths, Violations violations)
    {
        var result = target;
        foreach (var path in paths)
        {
            result = path switch
            {
                Name => result with { Name = ValidName(input.Name, violations) },
                Description => result with { Description = ValidDescription(input.Description, violations) },
                Fields => result with { Fields = FieldConfigurationMapping.FromProto(input.Fields, violations, "list.fields") },
                Policy => result with { Policy = ValidPolicy(input, violations) },
                PreventReuseCount => result with { PreventReuseCount = ValidReuseCount(input.PreventReuseCount, violations) },
                _ => throw new ArgumentOutOfRangeException(nameof(paths), path, "Unknown list field path."),
            };
        }

        return result;
    }

    private static string ValidName(string name, Violations violations)
    {
        TextRules.SingleLine(violations, "list.name", name, MaxNameLength, required: true);
        return name.Trim();
    }

    private static string ValidDescription(string description, Violations violations)
    {
        TextRules.MultiLineChars(violations, "list.description", description, MaxDescriptionLength);
        return description;
    }

    // An absent policy means the default one; a present one is taken field by field and must be able to produce a password.
    private static ModelPolicy ValidPolicy(ProtoList input, Violations violations) =>
        input.Policy is null
            ? ModelPolicy.Default
            : PolicyMapping.FromProto(input.Policy, violations, "list.policy") ?? ModelPolicy.Default;

    private static int ValidReuseCount(int count, Violations violations)
    {
        if (count is < 0 or > MaxPreventReuseCount)
        {
            violations.Add("list.prevent_reuse_count", $"must be between 0 and {MaxPreventReuseCount}.");
        }

        return count;
    }
}
