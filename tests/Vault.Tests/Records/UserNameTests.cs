using PasswordSync.Vault.Records;

namespace PasswordSync.Vault.Tests.Records;

public sealed class UserNameTests
{
    [Theory]
    [InlineData("svc-backup", UserNameForm.Plain, "svc-backup", "")]
    [InlineData("John Smith", UserNameForm.Plain, "John Smith", "")]
    [InlineData("svc.app_01", UserNameForm.Plain, "svc.app_01", "")]
    [InlineData("CORP\\svc-backup", UserNameForm.DownLevel, "svc-backup", "CORP")]
    [InlineData("corp.example.com\\admin", UserNameForm.DownLevel, "admin", "corp.example.com")]
    [InlineData("svc-backup@corp.example.com", UserNameForm.Principal, "svc-backup", "corp.example.com")]
    [InlineData("admin@localdomain", UserNameForm.Principal, "admin", "localdomain")]
    public void Accepted_forms_are_parsed(string value, UserNameForm form, string name, string domain)
    {
        var parsed = UserName.TryParse(value, out var problem);

        Assert.Equal("", problem);
        Assert.Equal(new UserName(form, name, domain), parsed);
    }

    [Theory]
    [InlineData("", "empty account name")]
    [InlineData("CORP\\", "empty account name")]
    [InlineData("\\name", "empty domain")]
    [InlineData("name@", "empty domain")]
    [InlineData("@corp.example.com", "empty account name")]
    [InlineData("CORP\\sub\\name", "contains '\\'")]
    [InlineData("a@b@c.com", "not a valid domain")]
    [InlineData("CORP\\name@corp.com", "mixes")]
    [InlineData(" name", "spaces around")]
    [InlineData("name ", "spaces around")]
    [InlineData("na\tme", "control character")]
    [InlineData("na\nme", "control character")]
    [InlineData("na/me", "contains '/'")]
    [InlineData("na*me", "contains '*'")]
    [InlineData("na:me", "contains ':'")]
    [InlineData("name.", "ending with a dot")]
    [InlineData("name@corp..com", "empty or over-long part")]
    [InlineData("name@-corp.com", "not a valid domain")]
    [InlineData("name@corp_x.com", "not a valid domain")]
    [InlineData("CO RP\\name", "not a valid domain")]
    [InlineData("uid=john,ou=people,dc=example,dc=org", "contains '='")]
    public void Other_forms_are_refused_with_a_reason(string value, string expectedProblem)
    {
        var parsed = UserName.TryParse(value, out var problem);

        Assert.Null(parsed);
        Assert.Contains(expectedProblem, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Over_long_names_are_refused()
    {
        Assert.Null(UserName.TryParse(new string('a', 257), out var tooLong));
        Assert.Contains("longer than 256", tooLong, StringComparison.Ordinal);
        Assert.Null(UserName.TryParse(new string('a', 105), out var nameTooLong));
        Assert.Contains("account name longer", nameTooLong, StringComparison.Ordinal);
        Assert.NotNull(UserName.TryParse(new string('a', 104), out _));
    }

    [Fact]
    public void Problem_never_repeats_the_value()
    {
        const string value = "Secr3t!Value\u0001";
        UserName.TryParse(value, out var problem);

        Assert.DoesNotContain("Secr3t", problem, StringComparison.Ordinal);
    }
}
