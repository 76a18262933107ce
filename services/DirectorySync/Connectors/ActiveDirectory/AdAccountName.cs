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

    /// <summary>Users only (no computers), matched by UPN when given, else by sAMAccountName.</summary>
    public string ToFilter()
    {
        var sam = $"(sAMAccountName={LdapFilter.Escape(SamAccountName)})";
        var match = UserPrincipalName is null
            ? sam
            : $"(|(userPrincipalName={LdapFilter.Escape(UserPrincipalName)}){sam})";
        return $"(&(objectCategory=person)(objectClass=user){match})";
    }
}
