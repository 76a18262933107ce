using PasswordSync.Common.V1;
using PasswordSync.Vault.Lists;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Readiness;
using PasswordSync.Vault.Validation;
using ModelRecord = PasswordSync.Vault.Model.PasswordRecord;
using ProtoRecord = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Vault.Records;

/// <summary>
/// Applies the caller's record fields (all on create, the masked ones on update) to a record, validated against the
/// list's field configuration: a value for a field the list does not use is refused, naming the field. Problems are
/// collected so one reply names every offending field.
/// </summary>
public static class RecordInput
{
    public const int MaxTitleLength = 256;
    public const int MaxDescriptionLength = 1024;
    public const int MaxUrlLength = 2048;
    public const int MaxNotesBytes = 16 * 1024;
    public const int MaxGenericValueLength = 1024;

    public const string Title = "title";
    public const string UserNamePath = "user_name";
    public const string AccountType = "account_type";
    public const string Description = "description";
    public const string Url = "url";
    public const string Notes = "notes";
    public const string ExpireTime = "expire_time";
    public const string GenericValues = "generic_values";
    private const string GenericValuePrefix = GenericValues + ".";

    public static IReadOnlyList<string> AllPaths { get; } =
        [Title, UserNamePath, AccountType, Description, Url, Notes, ExpireTime, GenericValues];

    public static string KnownPathsText { get; } = string.Join(", ", AllPaths) + ", generic_values.<key>";

    public static bool IsKnownPath(string path) =>
        AllPaths.Contains(path) || (path.StartsWith(GenericValuePrefix, StringComparison.Ordinal)
            && FieldConfigurationMapping.GenericKeys.Contains(path[GenericValuePrefix.Length..]));

    public static ModelRecord Apply(ModelRecord target, ProtoRecord input, IEnumerable<string> paths, PasswordList list,
        Violations violations)
    {
        var result = target;
        var used = list.Fields.StandardFields;
        foreach (var path in paths)
        {
            result = path switch
            {
                Title => result with { Title = ValidTitle(input.Title, used, violations) },
                UserNamePath => result with { UserName = ValidUserName(input.UserName, used, violations) },
                AccountType => result with { AccountType = ValidAccountType(input.AccountType, used, violations) },
                Description => result with { Description = ValidDescription(input.Description, used, violations) },
                Url => result with { Url = ValidUrl(input.Url, used, violations) },
                Notes => result with { Notes = ValidNotes(input.Notes, used, violations) },
                ExpireTime => result with { ExpiresAt = ValidExpiry(input, used, violations) },
                GenericValues => result with { GenericValues = ValidGenericValues(input.GenericValues, list, violations) },
                _ => result with
                {
                    GenericValues = WithGenericValue(result.GenericValues, path[GenericValuePrefix.Length..], input,
                        list, violations),
                },
            };
        }

        return result with { DomainOrHost = DomainOrHostOf(result.GenericValues, list.Fields) };
    }

    /// <summary>The value of the list's "Domain or Host" generic field, kept on the record so the store can search it.</summary>
    public static string DomainOrHostOf(IReadOnlyDictionary<string, string> values, FieldConfiguration fields)
    {
        var field = ListReadiness.FindDomainOrHostField(fields);
        return field is not null && values.TryGetValue(field.Key, out var value) ? value.Trim() : "";
    }

    private static bool Unused(StandardFields used, StandardFields field, string path, bool hasValue, string label,
        Violations violations)
    {
        if (used.HasFlag(field))
        {
            return false;
        }

        if (hasValue)
        {
            violations.Add("record." + path, $"the list does not use the {label} field; leave it empty or enable the field on the list.");
        }

        return true;
    }

    private static string ValidTitle(string title, StandardFields used, Violations violations)
    {
        if (Unused(used, StandardFields.Title, Title, title.Length > 0, "Title", violations))
        {
            return "";
        }

        TextRules.SingleLine(violations, "record.title", title, MaxTitleLength, required: true);
        return title.Trim();
    }

    private static string ValidUserName(string userName, StandardFields used, Violations violations)
    {
        if (Unused(used, StandardFields.UserName, UserNamePath, userName.Length > 0, "User Name", violations)
            || userName.Length == 0)
        {
            return "";
        }

        if (UserName.TryParse(userName, out var problem) is null)
        {
            violations.Add("record.user_name", problem);
        }

        return userName;
    }

    private static AccountKind ValidAccountType(AccountType type, StandardFields used, Violations violations)
    {
        if (Unused(used, StandardFields.AccountType, AccountType, type != Common.V1.AccountType.Unspecified,
                "Account Type", violations))
        {
            return AccountKind.Unspecified;
        }

        if (type == Common.V1.AccountType.Unspecified)
        {
            violations.Add("record.account_type", "is required: choose Windows, Linux, LDAP, Web, Database or Other.");
        }
        else if (!Enum.IsDefined((AccountKind)(int)type))
        {
            violations.Add("record.account_type", "is not a known account type (Windows, Linux, LDAP, Web, Database or Other).");
        }

        return (AccountKind)(int)type;
    }

    private static string ValidDescription(string description, StandardFields used, Violations violations)
    {
        if (!Unused(used, StandardFields.Description, Description, description.Length > 0, "Description", violations))
        {
            TextRules.MultiLineChars(violations, "record.description", description, MaxDescriptionLength);
        }

        return used.HasFlag(StandardFields.Description) ? description : "";
    }

    private static string ValidUrl(string url, StandardFields used, Violations violations)
    {
        if (Unused(used, StandardFields.Url, Url, url.Length > 0, "URL", violations) || url.Length == 0)
        {
            return "";
        }

        if (url.Length > MaxUrlLength)
        {
            violations.Add("record.url", $"is longer than {MaxUrlLength} characters.");
        }
        else if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
                 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                 // On Unix "/path" parses as an absolute file URI: insist on a scheme written by the caller.
                 || !url.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            violations.Add("record.url", "is not an absolute URL (for example https://host.example.com/login).");
        }

        return url;
    }

    private static string ValidNotes(string notes, StandardFields used, Violations violations)
    {
        if (!Unused(used, StandardFields.Notes, Notes, notes.Length > 0, "Notes", violations))
        {
            TextRules.MultiLine(violations, "record.notes", notes, MaxNotesBytes);
        }

        return used.HasFlag(StandardFields.Notes) ? notes : "";
    }

    private static DateTimeOffset? ValidExpiry(ProtoRecord input, StandardFields used, Violations violations)
    {
        var expiry = input.ExpireTime;
        if (Unused(used, StandardFields.ExpiryDate, ExpireTime, expiry is not null, "Expiry Date", violations)
            || expiry is null)
        {
            return null;
        }

        try
        {
            return expiry.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            violations.Add("record.expire_time", "is not a valid time.");
            return null;
        }
    }

    private static Dictionary<string, string> ValidGenericValues(IDictionary<string, string> values, PasswordList list,
        Violations violations)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (ValidGenericValue(key, value, list, violations) is { Length: > 0 } valid)
            {
                result[key] = valid;
            }
        }

        return result;
    }

    private static Dictionary<string, string> WithGenericValue(IReadOnlyDictionary<string, string> current, string key,
        ProtoRecord input, PasswordList list, Violations violations)
    {
        var result = new Dictionary<string, string>(current, StringComparer.Ordinal);
        var value = input.GenericValues.TryGetValue(key, out var given) ? given : "";
        if (ValidGenericValue(key, value, list, violations) is { Length: > 0 } valid)
        {
            result[key] = valid;
        }
        else
        {
            result.Remove(key);
        }

        return result;
    }

    private static string ValidGenericValue(string key, string value, PasswordList list, Violations violations)
    {
        var path = $"record.generic_values.{Shorten(key)}";
        if (!list.Fields.GenericFields.Any(g => g.Key == key))
        {
            if (value.Length > 0)
            {
                violations.Add(path, "the list has no generic field with this key.");
            }

            return "";
        }

        TextRules.SingleLine(violations, path, value, MaxGenericValueLength, required: false);
        return value;
    }

    private static string Shorten(string key) => key.Length <= 32 ? key : key[..32] + "…";
}
