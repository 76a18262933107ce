using System.DirectoryServices.Protocols;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// Reads <see cref="AdPolicySet"/>: the domain head's policy, then every PSO of the domain in one subtree search.
/// Anything it cannot see for certain makes the set incomplete (never "no PSO"), because AD hides PSOs from accounts
/// without read rights on them (the default for non-admins): an empty answer may mean "not allowed to see".
/// </summary>
internal static class AdPolicySetReader
{
    private const string PsoClass = "msDS-PasswordSettings";
    private const string PsoContainerClass = "msDS-PasswordSettingsContainer";
    private const string PsoThreshold = "msDS-LockoutThreshold";
    private const string PsoMaximumAge = "msDS-MaximumPasswordAge";

    public static AdPolicySet Read(AdDirectory directory)
    {
        try
        {
            var domainDn = directory.DomainDn();
            var domain = directory.ReadEntry(domainDn, "lockoutThreshold", "lockOutObservationWindow", "lockoutDuration",
                "maxPwdAge");
            if (domain is null || AdEntry.Long(domain, "lockoutThreshold") is not { } threshold
                || AdEntry.Long(domain, "maxPwdAge") is not { } maxAge || !CanReadPsoContainer(directory, domainDn))
            {
                return AdPolicySet.Incomplete;
            }

            var domainPolicy = new AdPasswordPolicy(
                new LockoutPolicy((int)threshold, AdTime.FromInterval(AdEntry.Long(domain, "lockOutObservationWindow")),
                    AdTime.FromInterval(AdEntry.Long(domain, "lockoutDuration")), "domain"),
                AdTime.FromInterval(maxAge));
            return ReadFineGrained(directory, domainDn) is { } fineGrained
                ? new AdPolicySet(domainPolicy, fineGrained, Complete: true)
                : AdPolicySet.Incomplete;
        }
        catch (DirectoryException)
        {
            // A refused read (insufficient rights, ...): the full per-account read will report it if it matters.
            return AdPolicySet.Incomplete;
        }
    }

    /// <summary>
    /// The container's own class readable: the privileged account may read in it (a delegated reset account usually
    /// sees only the container's name, and then none of the PSOs under it).
    /// </summary>
    private static bool CanReadPsoContainer(AdDirectory directory, string domainDn) =>
        directory.ReadEntry($"CN=Password Settings Container,CN=System,{domainDn}", "objectClass") is { } container
        && AdEntry.Strings(container, "objectClass").Contains(PsoContainerClass, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every PSO of the domain, wherever it is; null unless each one's settings were readable.</summary>
    private static List<AdPasswordPolicy>? ReadFineGrained(AdDirectory directory, string domainDn)
    {
        var request = new SearchRequest(domainDn, $"(objectClass={PsoClass})", SearchScope.Subtree, PsoThreshold,
            "msDS-LockoutObservationWindow", "msDS-LockoutDuration", PsoMaximumAge);
        request.Controls.Add(AdDirectory.DomainScope());
        SearchResponse response;
        try
        {
            response = directory.Send(request);
        }
        catch (DirectoryOperationException)
        {
            // Size or time limit, insufficient rights: not the whole set (AdDirectory.Search would keep a partial one).
            return null;
        }

        var policies = new List<AdPasswordPolicy>();
        foreach (SearchResultEntry pso in response.Entries)
        {
            // Both are mandatory attributes of a PSO: absent means hidden from this account, not unset.
            if (AdEntry.Long(pso, PsoThreshold) is not { } threshold || AdEntry.Long(pso, PsoMaximumAge) is not { } age)
            {
                return null;
            }

            policies.Add(new AdPasswordPolicy(
                new LockoutPolicy((int)threshold, AdTime.FromInterval(AdEntry.Long(pso, "msDS-LockoutObservationWindow")),
                    AdTime.FromInterval(AdEntry.Long(pso, "msDS-LockoutDuration")), pso.DistinguishedName),
                AdTime.FromInterval(age)));
        }

        return policies;
    }
}
