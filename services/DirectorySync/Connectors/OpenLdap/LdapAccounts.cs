using System.DirectoryServices.Protocols;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>
/// Finds an account given as a full DN under the target's base DN, or as a uid searched under it. Uids are escaped
/// (RFC 4515), so <c>*</c>, <c>(</c>, <c>)</c>, <c>\</c> and NUL match only themselves: they find nothing rather than
/// someone else.
/// </summary>
internal static class LdapAccounts
{
    /// <summary>The ppolicy operational attributes (they must be asked for by name) and the uid.</summary>
    public static readonly string[] StateAttributes =
    [
        "uid", "pwdAccountLockedTime", "pwdFailureTime", "pwdChangedTime", "pwdReset", "pwdPolicySubentry",
        "pwdGraceUseTime",
    ];

    private const int MaxLength = 1024;

    /// <summary>Rejects input that cannot name an account before any network call.</summary>
    public static void Validate(AccountName account)
    {
        var value = account.Value;
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength || value.Contains('\r') || value.Contains('\n'))
        {
            throw new DirectoryException(FailureClass.Configuration, Reason.InvalidArgument,
                $"The account name must be a uid or a DN of 1 to {MaxLength} characters on one line.");
        }
    }

    /// <summary>True when <paramref name="value"/> is a DN at or under <paramref name="baseDn"/>.</summary>
    public static bool IsDn(string value, string baseDn)
    {
        var normalizedValue = Normalize(value);
        var normalizedBase = Normalize(baseDn);
        return normalizedValue.Contains('=') && !value.Contains('\0')
            && (normalizedValue.Equals(normalizedBase, StringComparison.OrdinalIgnoreCase)
                || normalizedValue.EndsWith("," + normalizedBase, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// RFC 4511 "no attributes": the entry's DN only. A reset needs nothing else, and asking for nothing spares the
    /// directory reading and encoding the ppolicy state (and directory-sync decoding it) on every reset.
    /// </summary>
    private static readonly string[] NoAttributes = ["1.1"];

    /// <summary>The account's entry with its ppolicy state, or null when it does not exist.</summary>
    public static Task<SearchResultEntry?> FindAsync(LdapSession session, DirectoryTarget target,
        AccountName account, CancellationToken cancellationToken) =>
        FindAsync(session, target, account, StateAttributes, cancellationToken);

    /// <summary>
    /// The account's DN, looked up now (never from a cache), or null when it does not exist; the same search and the
    /// same refusal of an ambiguous uid as <see cref="FindAsync(LdapSession, DirectoryTarget, AccountName, CancellationToken)"/>,
    /// without any attribute.
    /// </summary>
    public static async Task<string?> FindDnAsync(LdapSession session, DirectoryTarget target, AccountName account,
        CancellationToken cancellationToken) =>
        (await FindAsync(session, target, account, NoAttributes, cancellationToken))?.DistinguishedName;

    private static async Task<SearchResultEntry?> FindAsync(LdapSession session, DirectoryTarget target,
        AccountName account, string[] attributes, CancellationToken cancellationToken)
    {
        Validate(account);
        try
        {
            var response = IsDn(account.Value, target.BaseDn)
                ? await session.SearchAsync(account.Value, "(objectClass=*)", SearchScope.Base, attributes,
                    account.Value, cancellationToken)
                : await session.SearchAsync(target.BaseDn, LdapFilter.Equality("uid", account.Value),
                    SearchScope.Subtree, attributes, account.Value, cancellationToken);
            return response.Entries.Count switch
            {
                0 => null,
                1 => response.Entries[0],
                _ => throw new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                    $"{response.Entries.Count} entries under {target.BaseDn} have uid '{account.Value}': give the "
                    + "account's full DN instead.", session.Server),
            };
        }
        catch (DirectoryException exception) when (exception.Reason == Reason.AccountNotFound)
        {
            return null;
        }
    }

    public static DirectoryException NotFound(DirectoryTarget target, AccountName account, string server) =>
        new(FailureClass.Configuration, Reason.AccountNotFound,
            $"No account '{account.Value}' under {target.BaseDn} on {server}: check the user name (a uid or a full DN "
            + "under the target's base DN).", server);

    private static string Normalize(string dn) => string.Join(',', dn.Split(',').Select(part => part.Trim()));
}
