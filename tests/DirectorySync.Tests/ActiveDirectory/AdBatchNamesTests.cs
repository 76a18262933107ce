using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.ActiveDirectory;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// Which names a batch search may look up (only those whose matching the DC does exactly as checked here), and the
/// one filter that looks them all up, each by its own single look-up term, every value escaped.
/// </summary>
public sealed class AdBatchNamesTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("PWSYNC\\alice")]
    [InlineData("alice@pwsync.test")]
    [InlineData("first last")]
    [InlineData("odd*(name)")]
    public void Plain_ascii_names_are_searched_together(string typed) =>
        Assert.NotNull(AdBatchNames.Searchable(new AccountName(typed)));

    [Theory]
    [InlineData("CN=Alice,CN=Users,DC=pwsync,DC=test")] // a DN
    [InlineData("josé")] // non-ASCII: the DC's case folding is not reproduced
    [InlineData(" alice")] // spaces the DC may trim or collapse
    [InlineData("alice ")]
    [InlineData("first  last")]
    [InlineData("alice\u0000")] // cannot exist: the single read answers it without a search
    [InlineData("tab\there")]
    public void Other_names_are_read_singly(string typed) =>
        Assert.Null(AdBatchNames.Searchable(new AccountName(typed)));

    [Fact]
    public void Entries_match_back_by_ascii_case_insensitive_equality_of_the_names_own_terms()
    {
        var sam = AdBatchNames.Searchable(new AccountName("Alice"))!;
        var upn = AdBatchNames.Searchable(new AccountName("alice@PWSYNC.test"))!;

        Assert.True(AdBatchNames.Matches(sam, "ALICE", null));
        Assert.False(AdBatchNames.Matches(sam, "alice2", "alice@pwsync.test"));
        Assert.True(AdBatchNames.Matches(upn, "alice", null)); // the UPN form's sAMAccountName term
        Assert.True(AdBatchNames.Matches(upn, "other", "Alice@pwsync.TEST"));
        // The Kelvin sign folds to "k" in some Unicode rules: never taken for an ASCII letter here.
        Assert.False(AdBatchNames.IsExactlyComparable("\u212Aelvin"));
    }

    [Fact]
    public void One_filter_ors_every_names_own_term_with_values_escaped()
    {
        string[] typed = ["alice", "bob@pwsync.test", "x*)(cn=*", "alice"];
        var names = typed.Select(n => AdAccountName.Parse(new AccountName(n)));

        var filter = AdAccountName.AnyOfFilter(names);

        Assert.Equal("(&(objectCategory=person)(objectClass=user)(|(sAMAccountName=alice)"
            + "(|(userPrincipalName=bob@pwsync.test)(sAMAccountName=bob))(sAMAccountName=x\\2a\\29\\28cn=\\2a)))", filter);
    }
}
