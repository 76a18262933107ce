using PasswordSync.Vault.Passwords;
using PasswordSync.Vault.Validation;
using ModelPolicy = PasswordSync.Vault.Passwords.PasswordPolicy;
using ProtoPolicy = PasswordSync.Vault.V1.PasswordPolicy;
using ProtoStyle = PasswordSync.Vault.V1.PasswordStyle;

namespace PasswordSync.Vault.Lists;

/// <summary>Password policies between the wire and the model, validated so a stored policy can always produce a password.</summary>
public static class PolicyMapping
{
    public static ProtoPolicy ToProto(ModelPolicy policy) => new()
    {
        Style = policy.Style == PasswordStyle.WordPhrase ? ProtoStyle.WordPhrase : ProtoStyle.Characters,
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

    /// <summary>
    /// The model policy, or null with violations under <paramref name="prefix"/> (e.g. "list.policy.length") when the
    /// policy is malformed or cannot produce a password.
    /// </summary>
    public static ModelPolicy? FromProto(ProtoPolicy policy, Violations violations, string prefix)
    {
        PasswordStyle style;
        switch (policy.Style)
        {
            case ProtoStyle.Unspecified or ProtoStyle.Characters:
                style = PasswordStyle.Characters;
                break;
            case ProtoStyle.WordPhrase:
                style = PasswordStyle.WordPhrase;
                break;
            default:
                violations.Add(prefix + ".style", "is not a known password style.");
                return null;
        }

        var model = new ModelPolicy
        {
            Style = style,
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

        var problems = PasswordPolicyValidator.Validate(model);
        foreach (var (field, problem) in problems)
        {
            violations.Add($"{prefix}.{FieldNames.ToSnakeCase(field)}", problem);
        }

        return problems.Count == 0 ? model : null;
    }
}
