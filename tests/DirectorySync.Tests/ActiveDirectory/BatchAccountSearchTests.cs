using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.ActiveDirectory;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// The one search of a batch state read (<see cref="AdDirectory.FindAccounts"/>) on the real Samba DC: it finds each
/// name as its own look-up does; what the DC does with the size limit that guards it.
/// </summary>
public sealed class BatchAccountSearchTests : IDisposable
{
    private readonly List<string> createdDns = [];
    private readonly System.DirectoryServices.Protocols.LdapConnection connection =
        SambaDomain.BoundConnection(SambaDomain.AdminUser, SambaDomain.AdminPassword);

    [Fact]
    public void One_search_finds_every_name_its_own_look_up_finds()
    {
        var first = Create();
        var second = Create();
        var directory = Directory();
        var names = new[] { first.Name, $"{second.Name}@{PasswordSync.Testing.TestServers.Require("SAMBA_REALM")}", "sbnobody" }
            .Select(n => AdAccountName.Parse(new AccountName(n))).ToList();

        var entries = directory.FindAccounts(names, AdBatchNames.SizeLimit(names.Count), AdLeanAccountState.Attributes);

        Assert.NotNull(entries);
        Assert.Equal(new[] { first.Dn, second.Dn }.Order(StringComparer.OrdinalIgnoreCase),
            entries.Select(e => e.DistinguishedName).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.All(entries, e => Assert.True(e.Attributes.Contains("badPwdCount")));
    }

    [Fact]
    public void Samba_ignores_the_size_limit_so_its_answer_is_always_whole()
    {
        // Windows AD honours a search's size limit (then answers "size limit exceeded" with part of the entries, and
        // FindAccounts returns null so the batch falls back to single reads); Samba 4.17 ignores it and answers in
        // full (as `ldapsearch -z 1` shows too). Either way no partial answer is taken for a whole one: this pins
        // down the Samba half, which is what the tests here can reach.
        var first = Create();
        var second = Create();
        var names = new[] { first.Name, second.Name }.Select(n => AdAccountName.Parse(new AccountName(n))).ToList();

        var entries = Directory().FindAccounts(names, sizeLimit: 1, AdLeanAccountState.Attributes);

        Assert.NotNull(entries);
        Assert.Equal(2, entries.Count);
    }

    public void Dispose()
    {
        connection.Dispose();
        foreach (var dn in createdDns)
        {
            SambaDomain.Delete(dn);
        }
    }

    private AdDirectory Directory() => new(connection,
        new DirectoryTarget("batch-search", DirectoryKind.ActiveDirectory, [], SambaDomain.BaseDn, SambaDomain.AdminUser,
            new Secret(SambaDomain.AdminPassword), null, false, false, false, null, TimeSpan.FromSeconds(15)),
        SambaDomain.Host);

    private TestUser Create()
    {
        var user = SambaDomain.CreateUser(prefix: "sbs");
        createdDns.Add(user.Dn);
        return user;
    }
}
