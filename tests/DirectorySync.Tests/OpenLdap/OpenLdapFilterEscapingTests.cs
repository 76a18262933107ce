using PasswordSync.DirectorySync.Connectors;

namespace PasswordSync.DirectorySync.Tests.OpenLdap;

public sealed class OpenLdapFilterEscapingTests : IDisposable
{
    private readonly SlapdDirectory slapd = SlapdDirectory.Require();
    private readonly OpenLdapTestConnector harness = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    // Each would match the test user (or everyone) if it reached the filter unescaped.
    [Theory]
    [InlineData("*")]
    [InlineData("pwt*")]
    [InlineData("*)(uid=*")]
    [InlineData("pwt*)(|(uid=*")]
    [InlineData("(")]
    [InlineData(")")]
    [InlineData("\\")]
    [InlineData("pwt\0")]
    public async Task User_names_with_filter_metacharacters_find_nothing(string name)
    {
        await using var user = await slapd.CreateUserAsync(SlapdDirectory.NewPassword());
        var newPassword = SlapdDirectory.NewPassword();

        var state = await harness.Connector.GetAccountStateAsync(slapd.Target(), new AccountName(name), null,
            cancellation);
        var verified = await harness.Connector.VerifyAsync(slapd.Target(), new AccountName(name),
            new Secret(newPassword), null, cancellation);
        var reset = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ResetAsync(slapd.Target(),
            new AccountName(name), new Secret(newPassword), null, cancellation));

        Assert.False(state.Exists);
        Assert.Equal(VerifyOutcome.AccountNotFound, verified.Outcome);
        Assert.Equal(Common.V1.Reason.AccountNotFound, reset.Reason);
        Assert.False(await slapd.BindsAsync(user.Dn, newPassword));
    }

    public void Dispose() => harness.Dispose();
}
