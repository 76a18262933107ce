using PasswordSync.Vault.Model;
using PasswordSync.Vault.Readiness;

namespace PasswordSync.Vault.Tests.Lists;

public sealed class ListReadinessTests
{
    private const StandardFields SyncFields = StandardFields.Title | StandardFields.UserName | StandardFields.AccountType;

    [Theory]
    [InlineData("Domain or Host")]
    [InlineData("domain or host")]
    [InlineData("DOMAIN OR HOST")]
    [InlineData("  Domain or Host  ")]
    [InlineData("\tdomain OR host ")]
    public void List_with_user_name_account_type_and_domain_or_host_label_is_ready(string label)
    {
        var result = ListReadiness.Evaluate(Fields(SyncFields, new GenericField("generic4", label)));

        Assert.True(result.Ready);
        Assert.Empty(result.Missing);
    }

    [Theory]
    [InlineData("Domain")]
    [InlineData("Host")]
    [InlineData("Domain or Hosts")]
    [InlineData("Domain  or Host")]
    [InlineData("Domain/Host")]
    public void A_label_that_only_resembles_domain_or_host_does_not_count(string label)
    {
        var result = ListReadiness.Evaluate(Fields(SyncFields, new GenericField("generic1", label)));

        Assert.False(result.Ready);
        Assert.Equal([ListReadiness.DomainOrHostMissing], result.Missing.Select(p => p.Code));
    }

    [Fact]
    public void Missing_user_name_is_reported_alone()
    {
        var result = ListReadiness.Evaluate(Fields(StandardFields.AccountType, new GenericField("generic1", "Domain or Host")));

        Assert.False(result.Ready);
        var problem = Assert.Single(result.Missing);
        Assert.Equal(ListReadiness.UserNameUnused, problem.Code);
        Assert.Contains("User Name", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_account_type_is_reported_alone()
    {
        var result = ListReadiness.Evaluate(Fields(StandardFields.UserName, new GenericField("generic1", "Domain or Host")));

        var problem = Assert.Single(result.Missing);
        Assert.Equal(ListReadiness.AccountTypeUnused, problem.Code);
        Assert.Contains("Account Type", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_domain_or_host_field_is_reported_alone()
    {
        var result = ListReadiness.Evaluate(Fields(SyncFields, new GenericField("generic1", "Notes 2")));

        var problem = Assert.Single(result.Missing);
        Assert.Equal(ListReadiness.DomainOrHostMissing, problem.Code);
        Assert.Contains("Domain or Host", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_configuration_reports_every_missing_piece_in_order()
    {
        var result = ListReadiness.Evaluate(Fields(StandardFields.None));

        Assert.False(result.Ready);
        Assert.Equal(
            [ListReadiness.UserNameUnused, ListReadiness.AccountTypeUnused, ListReadiness.DomainOrHostMissing],
            result.Missing.Select(p => p.Code));
        Assert.All(result.Missing, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
    }

    [Fact]
    public void Domain_or_host_field_is_found_whatever_its_key()
    {
        var fields = Fields(SyncFields, new GenericField("generic2", "Owner"), new GenericField("generic9", " domain or HOST"));

        Assert.Equal("generic9", ListReadiness.FindDomainOrHostField(fields)?.Key);
    }

    private static FieldConfiguration Fields(StandardFields standard, params GenericField[] generic) => new(standard, generic);
}
