using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.ActiveDirectory;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

public sealed class AdAccountNameTests
{
    [Theory]
    [InlineData("alice", "alice", null)]
    [InlineData("PWSYNC\\alice", "alice", null)]
    [InlineData("alice@pwsync.test", "alice", "alice@pwsync.test")]
    [InlineData("\\", "\\", null)]
    [InlineData("a-domain-name-longer-than-15\\alice", "a-domain-name-longer-than-15\\alice", null)]
    public void Account_names_are_split_into_their_parts(string typed, string sam, string? upn)
    {
        var name = AdAccountName.Parse(new AccountName(typed));
        Assert.Equal(sam, name.SamAccountName);
        Assert.Equal(upn, name.UserPrincipalName);
    }

    [Fact]
    public void Filter_never_lets_the_name_escape_its_value()
    {
        var filter = AdAccountName.Parse(new AccountName("x)(sAMAccountName=*")).ToFilter();
        Assert.Equal("(&(objectCategory=person)(objectClass=user)(sAMAccountName=x\\29\\28sAMAccountName=\\2a))", filter);
    }

    [Fact]
    public void Names_with_control_characters_cannot_exist()
    {
        Assert.False(AdAccountName.Parse(new AccountName("Administrator\0")).CanExist);
        Assert.False(AdAccountName.Parse(new AccountName("a\nb")).CanExist);
        Assert.True(AdAccountName.Parse(new AccountName("alice")).CanExist);
    }
}
