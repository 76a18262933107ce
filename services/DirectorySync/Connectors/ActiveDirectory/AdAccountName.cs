using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// An AD account as typed: <c>name</c>, <c>DOMAIN\name</c> or <c>name@domain</c>. Only the parts are interpreted;
/// the values always reach the directory through <see cref="LdapFilter.Escape"/>.
/// </summary>
internal sealed record AdAccountName(string SamAccountName, string? UserPrincipalName)
{
    public static AdAccountName Parse(AccountName account)
    {
        var value = account.Value;
        var backslash = value.IndexOf('\\', StringComparison.Ordinal);
        // A NetBIOS domain prefix has 1 to 15 characters; anything else stays part of the name (and finds nothing).
        if (backslash is > 0 and <= 15 && backslash < value.Length - 1)
        {
            return new AdAccountName(value[(backslash + 1)..], null);
        }

        var at = value.LastIndexOf('@');
        if (at > 0 && at < value.Length - 1)
        {
            return new AdAccountName(value[..at], value);
        }

        return new AdAccountName(value, null);
    }

    /// <summary>
    /// False for names no AD account can have (control characters, NUL). Such names are answered "not found"
    /// without a search: Samba decodes an escaped NUL (\0) in a filter and then compares only up to it, so
    /// "Administrator\0" would otherwise find Administrator.
    /// </summary>
    public bool CanExist => !SamAccountName.Any(char.IsControl) && UserPrincipalName?.Any(char.IsControl) != true;

    /// <summary>Users only (no computers), matched by UPN when given, else by sAMAccountName.</summary>
    public string ToFilter() => $"(&{UsersOnly}{MatchTerm()})";

    /// <summary>
    /// Users matching ANY of the names, each name by exactly its own <see cref="ToFilter"/> term (one search for a
    /// batch of names).
    /// </summary>
    public static string AnyOfFilter(IEnumerable<AdAccountName> names) =>
        $"(&{UsersOnly}(|{string.Concat(names.Select(n => n.MatchTerm()).Distinct(StringComparer.Ordinal))}))";

    private const string UsersOnly = "(objectCategory=person)(objectClass=user)";

    private string MatchTerm()
    {
        var sam = $"(sAMAccountName={LdapFilter.Escape(SamAccountName)})";
        return UserPrincipalName is null
            ? sam
            : $"(|(userPrincipalName={LdapFilter.Escape(UserPrincipalName)}){sam})";
    }
}
