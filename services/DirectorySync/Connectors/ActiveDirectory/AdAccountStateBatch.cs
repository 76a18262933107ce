using System.DirectoryServices.Protocols;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// The states of several accounts on one DC, each EXACTLY what <see cref="AdAccountStateReader.ReadDetailed"/> reports
/// for it, for the cost of one search where the lean read settles them (docs/ad-state-read.md, "Batch reads"): one
/// subtree search ORing every name's own look-up term asks for the lean attributes of all of them; each entry found
/// is matched back to its name and settled by <see cref="AdLeanAccountState.TryBuild"/>, or read in full. Whatever
/// the one search cannot settle with certainty is read singly, as <see cref="AdAccountStateReader"/> always did.
/// </summary>
internal static class AdAccountStateBatch
{
    /// <param name="knownDn">The DN cache's answer for an account (used by the single reads only).</param>
    /// <returns>The settled accounts; an account whose own read failed is left out.</returns>
    public static List<SettledAccountState> Read(AdDirectory directory, IReadOnlyList<AccountName> accounts,
        string server, Func<AccountName, string?> knownDn)
    {
        var settled = new List<SettledAccountState>(accounts.Count);
        var singly = new List<AccountName>();
        if (AdAccountStateReader.LeanReadPolicies(directory) is { } policies && directory.Cache is { } cache)
        {
            var together = accounts.Select(a => (Account: a, Name: AdBatchNames.Searchable(a))).ToList();
            singly.AddRange(together.Where(t => t.Name is null).Select(t => t.Account));
            var searched = together.Where(t => t.Name is not null).Select(t => (t.Account, Name: t.Name!)).ToList();
            if (searched.Count > 0 && FindTogether(directory, searched) is { } found)
            {
                foreach (var (account, entries) in found)
                {
                    Add(settled, account, () => entries.Count switch
                    {
                        0 => AdAccountStateReader.NotFound(server),
                        1 => AdLeanAccountState.TryBuild(entries[0], entries[0].DistinguishedName, policies, server,
                                 cache.Now)
                             ?? AdAccountStateReader.ReadFull(directory, account, server, entries[0].DistinguishedName),
                        // Several entries: the single read's "more than one account matches" tells the caller.
                        _ => null,
                    });
                }
            }
            else
            {
                singly.AddRange(searched.Select(s => s.Account));
            }
        }
        else
        {
            singly.AddRange(accounts);
        }

        foreach (var account in singly)
        {
            Add(settled, account,
                () => AdAccountStateReader.ReadDetailed(directory, account, server, knownDn(account)).State);
        }

        return settled;
    }

    /// <summary>
    /// Each name's entries as its own look-up (<see cref="AdDirectory.FindAccount"/>) would find them, from one
    /// search; null when that cannot be told for certain (the answer was cut short, an entry came back that no name
    /// accounts for exactly, or the DC refused the combined search itself), and the names are then read singly.
    /// </summary>
    private static List<(AccountName Account, IReadOnlyList<SearchResultEntry> Entries)>? FindTogether(
        AdDirectory directory, List<(AccountName Account, AdAccountName Name)> searched)
    {
        IReadOnlyList<SearchResultEntry>? entries;
        try
        {
            entries = directory.FindAccounts(searched.Select(s => s.Name).ToList(),
                AdBatchNames.SizeLimit(searched.Count), AdLeanAccountState.Attributes);
        }
        catch (DirectoryException e) when (!e.ConcernsWholeTarget)
        {
            // E.g. a DC limit on filter size: each single read then succeeds, or says what is wrong for its account.
            return null;
        }

        if (entries is null)
        {
            return null;
        }

        var byName = searched.ToDictionary(s => s.Account, _ => new List<SearchResultEntry>());
        foreach (var entry in entries)
        {
            var sam = AdEntry.String(entry, "sAMAccountName");
            var upn = AdEntry.String(entry, "userPrincipalName");
            if (!AdBatchNames.IsExactlyComparable(sam) || (upn is not null && !AdBatchNames.IsExactlyComparable(upn)))
            {
                return null;
            }

            var matched = false;
            foreach (var (account, name) in searched)
            {
                if (AdBatchNames.Matches(name, sam, upn))
                {
                    byName[account].Add(entry);
                    matched = true;
                }
            }

            if (!matched)
            {
                return null;
            }
        }

        return searched.Select(s => (s.Account, AdBatchNames.AsFindAccountKeeps(s.Name, byName[s.Account]))).ToList();
    }

    private static void Add(List<SettledAccountState> settled, AccountName account, Func<AccountState?> read)
    {
        try
        {
            if (read() is { } state)
            {
                settled.Add(new SettledAccountState(account, state));
            }
        }
        catch (DirectoryException e) when (!e.ConcernsWholeTarget)
        {
            // This account's own failure: left out, the caller's single read reports it.
        }
    }
}
