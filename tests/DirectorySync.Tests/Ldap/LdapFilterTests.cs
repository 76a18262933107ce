using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Tests.Ldap;

/// <summary>The cases of both former copies (AD and OpenLDAP); the connectors' injection tests run them on real servers.</summary>
public sealed class LdapFilterTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("*", @"\2a")]
    [InlineData("a(b)c", @"a\28b\29c")]
    [InlineData("a*)(uid=*", @"a\2a\29\28uid=\2a")]
    [InlineData("back\\slash", @"back\5cslash")]
    [InlineData("nul\0", @"nul\00")]
    [InlineData("line\nbreak", @"line\0abreak")]
    [InlineData("é", @"\c3\a9")]
    public void Escape_follows_rfc_4515(string value, string expected) =>
        Assert.Equal(expected, LdapFilter.Escape(value));

    [Fact]
    public void Equality_filter_keeps_the_value_inside_its_parentheses() =>
        Assert.Equal(@"(uid=x\29\28uid=\2a)", LdapFilter.Equality("uid", "x)(uid=*"));
}
