using System.DirectoryServices.Protocols;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// Which names one batch search may look up, and how its entries are matched back to them. The DC compares names
/// with its own matching rules (case folding, and for directory strings, space handling); matching back must agree
/// with them exactly, or a name would read "not found" (or find one entry instead of two) where its single look-up
/// would not. So only names made of printable ASCII, with no leading, trailing or doubled space, are searched
/// together: for them the DC's comparison is ASCII case-insensitive equality, which is what is checked here.
/// Everything else (non-ASCII names, DNs, odd spacing) is read singly, exactly as before.
/// </summary>
internal static class AdBatchNames
{
    /// <summary>The parsed name when it can be looked up in a batch search; null to read it singly.</summary>
    public static AdAccountName? Searchable(AccountName account)
    {
        // A DN ("CN=...,OU=...") is no sAMAccountName, UPN or DOMAIN\name: read singly, as the single read takes it.
        if (!IsExactlyComparable(account.Value) || account.Value.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        var name = AdAccountName.Parse(account);
        return name.CanExist ? name : null;
    }

    /// <summary>Printable ASCII, no leading, trailing or doubled space: compared by the DC as by <see cref="Same"/>.</summary>
    public static bool IsExactlyComparable(string? value) =>
        value is { Length: > 0 }
        && value.All(c => c is >= ' ' and <= '~')
        && value[0] != ' ' && value[^1] != ' '
        && !value.Contains("  ", StringComparison.Ordinal);

    /// <summary>Whether an entry with these stored names is found by the name's own look-up filter.</summary>
    public static bool Matches(AdAccountName name, string? sam, string? upn) =>
        Same(name.SamAccountName, sam) || (name.UserPrincipalName is { } wanted && Same(wanted, upn));

    /// <summary>
    /// The entries <see cref="AdDirectory.FindAccount"/> keeps of those its filter found: when a UPN-form name finds
    /// several, the one whose UPN is the name.
    /// </summary>
    public static IReadOnlyList<SearchResultEntry> AsFindAccountKeeps(AdAccountName name, List<SearchResultEntry> found) =>
        found.Count > 1 && name.UserPrincipalName is { } upn
            ? found.Where(e => Same(upn, AdEntry.String(e, "userPrincipalName"))).ToList()
            : found;

    /// <summary>
    /// Room for every name to match twice (by sAMAccountName and by UPN), and a little more: anything beyond means
    /// duplicated UPNs, read singly anyway (Windows AD then answers "size limit exceeded" and the batch search is not
    /// used; Samba ignores the limit and answers in full).
    /// </summary>
    public static int SizeLimit(int names) => (2 * names) + 10;

    // Both sides are printable ASCII here (checked before), so ordinal-ignore-case is ASCII case folding.
    private static bool Same(string wanted, string? stored) =>
        stored is not null && string.Equals(wanted, stored, StringComparison.OrdinalIgnoreCase);
}
