using PasswordSync.Testing;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// GetAccountStates on the real Samba DC through the real gRPC service: every account's batch state is exactly its
/// single GetAccountState, and the accounts the lean read settles cost the DC one search for the whole batch.
/// </summary>
public sealed class AccountStatesBatchTests : IAsyncLifetime
{
    private readonly AccountStatesBatchRig rig = new();

    private static string Realm => TestServers.Require("SAMBA_REALM").ToLowerInvariant();

    private static string NetBiosDomain => TestServers.Require("SAMBA_DOMAIN");

    [Fact]
    public async Task Mixed_batch_answers_every_account_exactly_as_its_single_read()
    {
        var normal = rig.CreateUser();
        var disabled = rig.CreateUser(enabled: false);
        var oneFailure = rig.CreateUser(inLockoutGroup: true);
        var locked = rig.CreateUser(inLockoutGroup: true);
        var mustChange = rig.CreateUser(mustChange: true);
        var byUpn = rig.CreateUser();
        var byNetBios = rig.CreateUser();
        rig.FailBinds(oneFailure, 1);
        rig.FailBinds(locked, SambaDomain.LockoutThreshold);
        var missing = "sbnobody" + Guid.NewGuid().ToString("N")[..8];
        // Read singly (the DC's matching of non-ASCII names is not reproduced client-side), answered all the same.
        var nonAscii = "sbnobodé" + Guid.NewGuid().ToString("N")[..8];
        string[] requested =
        [
            normal.Name, disabled.Name, oneFailure.Name, locked.Name, mustChange.Name, $"{byUpn.Name}@{Realm}",
            $"{NetBiosDomain}\\{byNetBios.Name}", missing, normal.Name, normal.Name.ToUpperInvariant(), nonAscii,
        ];

        var batch = await rig.BatchAsync(requested);
        var singles = new Dictionary<string, Directory.V1.AccountState>();
        foreach (var account in requested.Distinct())
        {
            singles[account] = await rig.SingleAsync(account);
        }

        // Each distinct name once, under the name exactly as given, and every field equal to the single read's.
        Assert.Equal(requested.Distinct().Order(), batch.Entries.Select(e => e.Account).Order());
        foreach (var entry in batch.Entries)
        {
            Assert.Equal(singles[entry.Account], entry.State);
        }

        // The mix is what it claims to be (so the comparison above covered each kind of state).
        var states = batch.Entries.ToDictionary(e => e.Account, e => e.State);
        Assert.True(states[normal.Name].Exists && states[normal.Name].Enabled && !states[normal.Name].LockedOut);
        Assert.False(states[disabled.Name].Enabled);
        Assert.Equal(1, states[oneFailure.Name].BadPasswordCount);
        Assert.Equal(SambaDomain.LockoutPsoDn, states[oneFailure.Name].LockoutPolicy.Source, ignoreCase: true);
        Assert.True(states[locked.Name].LockedOut);
        Assert.True(states[mustChange.Name].MustChangePassword);
        Assert.Equal(byUpn.Dn, states[$"{byUpn.Name}@{Realm}"].DistinguishedName, ignoreCase: true);
        Assert.Equal(byNetBios.Dn, states[$"{NetBiosDomain}\\{byNetBios.Name}"].DistinguishedName, ignoreCase: true);
        Assert.False(states[missing].Exists);
        Assert.False(states[nonAscii].Exists);
        Assert.Equal(normal.Dn, states[normal.Name.ToUpperInvariant()].DistinguishedName, ignoreCase: true);
        Assert.All(batch.Entries, e => Assert.Equal(rig.Server, e.State.Server));
    }

    [Fact]
    public async Task Lean_settled_accounts_cost_the_dc_one_search_for_the_whole_batch()
    {
        var normal = rig.CreateUser();
        var disabled = rig.CreateUser(enabled: false);
        var mustChange = rig.CreateUser(mustChange: true);
        var byUpn = rig.CreateUser();
        var byNetBios = rig.CreateUser();
        var missing = "sbnobody" + Guid.NewGuid().ToString("N")[..8];
        string[] requested =
        [
            normal.Name, disabled.Name, mustChange.Name, $"{byUpn.Name}@{Realm}",
            $"{NetBiosDomain}\\{byNetBios.Name}", missing, normal.Name, normal.Name.ToUpperInvariant(),
        ];
        // Reads what every first call on a DC reads (the domain's naming context and policy set), kept for a minute.
        await rig.BatchAsync(["sbwarmup" + Guid.NewGuid().ToString("N")[..8]]);

        var before = rig.SearchScopesSent().Count;
        var batch = await rig.BatchAsync(requested);
        var batchSearches = rig.SearchScopesSent().Skip(before).ToList();
        before = rig.SearchScopesSent().Count;
        foreach (var account in requested.Distinct())
        {
            await rig.SingleAsync(account);
        }

        var singleSearches = rig.SearchScopesSent().Skip(before).ToList();

        Assert.Equal(7, batch.Entries.Count);
        Assert.Equal(["subtree"], batchSearches);
        // The same accounts read one by one: one search each, a base read at the DN the batch remembered (the DN
        // cache is kept as by single reads; both spellings of one name share it) or the look-up of the missing name.
        Assert.Equal(6, singleSearches.Count(scope => scope == "base"));
        Assert.Equal(["subtree"], singleSearches.Where(scope => scope != "base"));
    }

    [Fact]
    public async Task Accounts_the_lean_read_cannot_settle_are_read_in_full_after_the_one_search()
    {
        var normal = rig.CreateUser();
        var oneFailure = rig.CreateUser(inLockoutGroup: true);
        rig.FailBinds(oneFailure, 1);
        await rig.BatchAsync(["sbwarmup" + Guid.NewGuid().ToString("N")[..8]]);

        var before = rig.SearchScopesSent().Count;
        var batch = await rig.BatchAsync([normal.Name, oneFailure.Name]);
        var searches = rig.SearchScopesSent().Skip(before).ToList();

        Assert.Equal(2, batch.Entries.Count);
        Assert.Single(searches, scope => scope == "subtree");
        // The full read of the account with a counted failure: base reads only (its attributes, its PSO).
        Assert.Contains("base", searches);
        Assert.Equal(1, batch.Entries.Single(e => e.Account == oneFailure.Name).State.BadPasswordCount);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => rig.DisposeAsync();
}
