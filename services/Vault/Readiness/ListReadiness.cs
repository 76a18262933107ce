using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Readiness;

/// <summary>One reason a list is not ready for synchronisation: a machine code and a sentence saying what to change.</summary>
public sealed record ReadinessProblem(string Code, string Message);

/// <summary>Whether a list is ready for synchronisation, with every missing piece when it is not.</summary>
public sealed record ListReadinessResult(IReadOnlyList<ReadinessProblem> Missing)
{
    public bool Ready => Missing.Count == 0;
}

/// <summary>
/// Readiness is computed, never stored, so it always follows the list's current field configuration: a list is ready
/// when it uses User Name, Account Type and a generic field labelled "Domain or Host" (case-insensitive, surrounding
/// spaces ignored).
/// </summary>
public static class ListReadiness
{
    public const string DomainOrHostLabel = "Domain or Host";

    public const string UserNameUnused = "USER_NAME_FIELD_UNUSED";
    public const string AccountTypeUnused = "ACCOUNT_TYPE_FIELD_UNUSED";
    public const string DomainOrHostMissing = "DOMAIN_OR_HOST_FIELD_MISSING";

    public static ListReadinessResult Evaluate(FieldConfiguration fields)
    {
        var missing = new List<ReadinessProblem>();
        if (!fields.StandardFields.HasFlag(StandardFields.UserName))
        {
            missing.Add(new(UserNameUnused,
                "The list does not use the User Name field: enable it so records name the account to synchronise."));
        }

        if (!fields.StandardFields.HasFlag(StandardFields.AccountType))
        {
            missing.Add(new(AccountTypeUnused,
                "The list does not use the Account Type field: enable it so records say which kind of directory holds the account."));
        }

        if (FindDomainOrHostField(fields) is null)
        {
            missing.Add(new(DomainOrHostMissing,
                $"The list has no generic field labelled \"{DomainOrHostLabel}\": add one so records name the domain or host to synchronise with."));
        }

        return new ListReadinessResult(missing);
    }

    /// <summary>The generic field labelled "Domain or Host", or null.</summary>
    public static GenericField? FindDomainOrHostField(FieldConfiguration fields) =>
        fields.GenericFields.FirstOrDefault(field => IsDomainOrHostLabel(field.Label));

    public static bool IsDomainOrHostLabel(string label) =>
        string.Equals(label.Trim(), DomainOrHostLabel, StringComparison.OrdinalIgnoreCase);
}
