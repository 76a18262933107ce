using System.DirectoryServices.Protocols;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>The ppolicy settings that decide lockout and expiry for one account.</summary>
internal sealed record LdapPasswordPolicy(
    string Dn,
    string Source,
    bool Lockout,
    int MaxFailure,
    TimeSpan LockoutDuration,
    TimeSpan FailureCountInterval,
    TimeSpan MaxAge,
    bool MustChange);

/// <summary>
/// Finds the pwdPolicy that applies to an account: its <c>pwdPolicySubentry</c> when set; otherwise the overlay's
/// default, which lives in slapd's configuration (not readable over LDAP by a reset agent), so it is taken to be the only
/// pwdPolicy entry of the naming context, or the one named <c>cn=default</c>. The Source says which rule chose it.
/// </summary>
internal static class PasswordPolicyReader
{
    private static readonly string[] PolicyAttributes =
    [
        "cn", "pwdLockout", "pwdMaxFailure", "pwdLockoutDuration", "pwdFailureCountInterval", "pwdMaxAge",
        "pwdMustChange", "pwdMinLength", "pwdInHistory",
    ];

    public static async Task<IReadOnlyList<SearchResultEntry>> FindAllAsync(LdapSession session, string baseDn,
        CancellationToken cancellationToken)
    {
        var context = await NamingContextAsync(session, baseDn, cancellationToken);
        var response = await session.SearchAsync(context, "(objectClass=pwdPolicy)", SearchScope.Subtree,
            PolicyAttributes, context, cancellationToken);
        return response.Entries.Cast<SearchResultEntry>().ToList();
    }

    public static async Task<LdapPasswordPolicy?> ForAccountAsync(LdapSession session, string baseDn,
        SearchResultEntry account, CancellationToken cancellationToken)
    {
        var subentry = LdapEntries.Single(account, "pwdPolicySubentry");
        var policies = await FindAllAsync(session, baseDn, cancellationToken);
        if (subentry is not null)
        {
            var assigned = policies.FirstOrDefault(policy => DnEquals(policy.DistinguishedName, subentry));
            return assigned is null ? null : ToPolicy(assigned, "the account's pwdPolicySubentry");
        }

        if (policies.Count == 1)
        {
            return ToPolicy(policies[0], "the only pwdPolicy entry (taken as the ppolicy default)");
        }

        var named = policies.FirstOrDefault(policy =>
            string.Equals(LdapEntries.Single(policy, "cn"), "default", StringComparison.OrdinalIgnoreCase));
        return named is null ? null : ToPolicy(named, "the pwdPolicy named cn=default (taken as the ppolicy default)");
    }

    private static LdapPasswordPolicy ToPolicy(SearchResultEntry entry, string source) => new(
        entry.DistinguishedName,
        $"{entry.DistinguishedName}: {source}",
        LdapEntries.Boolean(entry, "pwdLockout"),
        LdapEntries.Integer(entry, "pwdMaxFailure"),
        TimeSpan.FromSeconds(LdapEntries.Integer(entry, "pwdLockoutDuration")),
        TimeSpan.FromSeconds(LdapEntries.Integer(entry, "pwdFailureCountInterval")),
        TimeSpan.FromSeconds(LdapEntries.Integer(entry, "pwdMaxAge")),
        LdapEntries.Boolean(entry, "pwdMustChange"));

    private static async Task<string> NamingContextAsync(LdapSession session, string baseDn,
        CancellationToken cancellationToken)
    {
        var rootDse = await session.SearchAsync(string.Empty, "(objectClass=*)", SearchScope.Base,
            ["namingContexts"], baseDn, cancellationToken);
        var contexts = rootDse.Entries.Count == 1
            ? LdapEntries.All(rootDse.Entries[0], "namingContexts")
            : [];
        return contexts.Where(context => DnEquals(baseDn, context)
                || baseDn.Replace(" ", "", StringComparison.Ordinal).EndsWith(
                    "," + context.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(context => context.Length)
            .FirstOrDefault() ?? baseDn;
    }

    private static bool DnEquals(string left, string right) => string.Equals(
        left.Replace(" ", "", StringComparison.Ordinal), right.Replace(" ", "", StringComparison.Ordinal),
        StringComparison.OrdinalIgnoreCase);
}
