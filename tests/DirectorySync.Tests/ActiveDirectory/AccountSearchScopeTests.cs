using System.DirectoryServices.Protocols;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.ActiveDirectory;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// The account look-up searches the domain's own naming context only. Without the domain-scope control a subtree
/// search from the domain head also yields continuation references to DomainDnsZones / ForestDnsZones, which Samba
/// spends a tenth of a second or more of CPU on per search (more than a password reset); with it, none.
/// </summary>
public sealed class AccountSearchScopeTests
{
    [Fact]
    public void The_account_lookup_finds_the_account_without_continuation_references()
    {
        var user = SambaDomain.CreateUser(prefix: "scope");
        var target = new DirectoryTarget("scope", DirectoryKind.ActiveDirectory, [], SambaDomain.BaseDn,
            SambaDomain.AdminUser, new Secret(SambaDomain.AdminPassword), null, false, false, false, null,
            TimeSpan.FromSeconds(15));
        var request = AdDirectory.AccountSearch(target, AdAccountName.Parse(new AccountName(user.Name)));

        var scoped = SambaDomain.SearchAsAdmin(request);
        request.Controls.Clear();
        var unscoped = SambaDomain.SearchAsAdmin(request);

        Assert.Equal(user.Dn, Assert.Single(scoped.Entries.Cast<SearchResultEntry>()).DistinguishedName, ignoreCase: true);
        Assert.Empty(scoped.References);
        // The same search without the control: the references this test proves are gone (so it can fail).
        Assert.NotEmpty(unscoped.References);
        SambaDomain.Delete(user.Dn);
    }
}
