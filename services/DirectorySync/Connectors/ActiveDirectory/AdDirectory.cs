using System.DirectoryServices.Protocols;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Telemetry;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>Reads an AD domain over an already bound (privileged) connection: accounts, the domain head, policies.</summary>
internal sealed class AdDirectory(LdapConnection connection, DirectoryTarget target, string server,
    AdDomainCache? cache = null)
{
    public LdapConnection Connection => connection;

    /// <summary>The account's DN, or null when no user matches. Two matches are a configuration problem.</summary>
    public string? FindAccountDn(AccountName account) => FindAccount(account)?.DistinguishedName;

    /// <summary>
    /// The account's entry with <paramref name="attributes"/> (stored ones: a subtree search returns no constructed
    /// attribute), or null when no user matches. Two matches are a configuration problem.
    /// </summary>
    public SearchResultEntry? FindAccount(AccountName account, params string[] attributes)
    {
        var name = AdAccountName.Parse(account);
        if (!name.CanExist)
        {
            return null;
        }

        var entries = Search(AccountSearch(target, name, attributes), "looking up the account").ToList();
        if (entries.Count > 1 && name.UserPrincipalName is not null)
        {
            // "name@domain" matched one account by UPN and another by sAMAccountName: the UPN is the exact one.
            entries = entries.Where(e => string.Equals(AdEntry.String(e, "userPrincipalName"),
                name.UserPrincipalName, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        return entries.Count switch
        {
            0 => null,
            1 => entries[0],
            _ => throw new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                $"More than one account under {target.BaseDn} matches '{account}': use the account's "
                + "userPrincipalName, or narrow the target's base DN.", server),
        };
    }

    /// <summary>
    /// Every user under the target's base DN matching any of <paramref name="names"/> (one subtree search, the same
    /// domain scope as <see cref="AccountSearch"/>), with <paramref name="attributes"/> plus sAMAccountName and
    /// userPrincipalName (to tell which name each entry answers). Null when the DC did not return the complete answer
    /// (more than <paramref name="sizeLimit"/> entries): absent names would then prove nothing.
    /// </summary>
    public IReadOnlyList<SearchResultEntry>? FindAccounts(IReadOnlyCollection<AdAccountName> names, int sizeLimit,
        params string[] attributes)
    {
        var request = new SearchRequest(target.BaseDn, AdAccountName.AnyOfFilter(names), SearchScope.Subtree,
            [.. attributes.Concat(["sAMAccountName", "userPrincipalName"]).Distinct(StringComparer.OrdinalIgnoreCase)])
        {
            SizeLimit = sizeLimit,
        };
        request.Controls.Add(DomainScope());
        try
        {
            // Anything but a plain success (a referral, say) may be missing entries, so it is no answer either.
            var response = Send(request);
            return response.ResultCode == ResultCode.Success ? response.Entries.Cast<SearchResultEntry>().ToList() : null;
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.SizeLimitExceeded)
        {
            return null;
        }
        catch (DirectoryOperationException e)
        {
            throw AdErrors.Operation(e, server, "looking up the accounts");
        }
    }

    /// <summary>The look-up of an account by name under the target's base DN, in this domain only.</summary>
    public static SearchRequest AccountSearch(DirectoryTarget target, AdAccountName name, params string[] attributes)
    {
        var request = new SearchRequest(target.BaseDn, name.ToFilter(), SearchScope.Subtree,
            [.. attributes.Append("userPrincipalName").Distinct(StringComparer.OrdinalIgnoreCase)]);
        request.Controls.Add(DomainScope());
        return request;
    }

    /// <summary>
    /// LDAP_SERVER_DOMAIN_SCOPE (1.2.840.113556.1.4.1339): search this domain's naming context only, without
    /// continuation references to the naming contexts below it (DomainDnsZones, ForestDnsZones). Referrals are never
    /// chased here, so nothing is lost; and Samba, without it, spends ~0.1–0.25 s of CPU per subtree search from the
    /// domain head building them (measured: 8 look-ups/s without, ~3,400/s with, on the same DC) — more than the
    /// password reset itself. Not critical: a server that does not know it ignores it.
    /// </summary>
    public static DirectoryControl DomainScope() => new("1.2.840.113556.1.4.1339", null, isCritical: false,
        serverSide: true);

    public string RequireAccountDn(AccountName account) =>
        FindAccountDn(account) ?? throw new DirectoryException(FailureClass.Configuration, Reason.AccountNotFound,
            $"The account '{account}' does not exist under {target.BaseDn} on {server}: check the user name and the "
            + "target's base DN.", server);

    public SearchResultEntry? ReadEntry(string dn, params string[] attributes)
    {
        var request = new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, attributes);
        var entries = Search(request, "reading an entry");
        return entries.Count > 0 ? entries[0] : null;
    }

    /// <summary>
    /// The entry at <paramref name="dn"/> only if it is still <paramref name="account"/> (a base read filtered by the
    /// account's name): a remembered DN that now holds another entry, or nothing, reads as null.
    /// </summary>
    public SearchResultEntry? ReadAccountAt(string dn, AccountName account, params string[] attributes)
    {
        var name = AdAccountName.Parse(account);
        if (!name.CanExist)
        {
            return null;
        }

        var entries = Search(new SearchRequest(dn, name.ToFilter(), SearchScope.Base, attributes), "reading the account");
        return entries.Count > 0 ? entries[0] : null;
    }

    public string? ReadPasswordLastSet(string dn) => ReadEntry(dn, "pwdLastSet") is { } entry
        ? AdEntry.String(entry, "pwdLastSet")
        : null;

    /// <summary>The domain's naming context (the head holding the domain-wide password and lockout policy).</summary>
    public string DomainDn() => cache is null
        ? ReadDomainDn()
        : cache.DomainDn($"{server}\n{target.BaseDn}", ReadDomainDn);

    /// <summary>The cache scope of this target on this DC (policies are read as the target's privileged account).</summary>
    public string Scope => $"{target.Id}\n{server}\n{target.BaseDn}";

    public AdDomainCache? Cache => cache;

    /// <summary>When set, every search sent is added to it (tests count what the DC was asked for).</summary>
    public ICollection<SearchRequest>? SentSearches { get; init; }

    private string ReadDomainDn() =>
        ReadEntry("", "defaultNamingContext") is { } root && AdEntry.String(root, "defaultNamingContext") is { } dn
            ? dn
            : target.BaseDn;

    /// <summary>The entries found; a base-scope read of a missing object finds nothing rather than failing.</summary>
    public IReadOnlyList<SearchResultEntry> Search(SearchRequest request, string what)
    {
        try
        {
            return Send(request).Entries.Cast<SearchResultEntry>().ToList();
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.NoSuchObject
                                                     && request.Scope == SearchScope.Base)
        {
            return [];
        }
        catch (DirectoryOperationException e) when (e.Response is SearchResponse partial
                                                     && e.Response.ResultCode == ResultCode.SizeLimitExceeded)
        {
            return partial.Entries.Cast<SearchResultEntry>().ToList();
        }
        catch (DirectoryOperationException e)
        {
            throw AdErrors.Operation(e, server, what);
        }
    }

    /// <summary>One search as the server answers it, errors included (<see cref="Search"/> classifies them).</summary>
    public SearchResponse Send(SearchRequest request)
    {
        SentSearches?.Add(request);
        DirectorySearchMetrics.Sent(server, request.Scope);
        return (SearchResponse)connection.SendRequest(request);
    }

    public void Modify(ModifyRequest request, string what)
    {
        try
        {
            connection.SendRequest(request);
        }
        catch (DirectoryOperationException e)
        {
            throw AdErrors.Operation(e, server, what);
        }
    }
}
