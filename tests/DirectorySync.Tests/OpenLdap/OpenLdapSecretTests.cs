using PasswordSync.DirectorySync.Connectors;

namespace PasswordSync.DirectorySync.Tests.OpenLdap;

public sealed class OpenLdapSecretTests : IDisposable
{
    private readonly SlapdDirectory slapd = SlapdDirectory.Require();
    private readonly OpenLdapTestConnector harness = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_password_reaches_a_log_line_or_an_exception_message()
    {
        var first = SlapdDirectory.NewPassword();
        var second = SlapdDirectory.NewPassword();
        var wrong = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(first);
        var account = new AccountName(user.Uid);
        var messages = new List<string>();

        await harness.Connector.ResetAsync(slapd.Target(), account, new Secret(second), null, cancellation);
        await harness.Connector.VerifyAsync(slapd.Target(), account, new Secret(wrong), null, cancellation);
        messages.Add((await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ChangeAsync(slapd.Target(),
            account, new Secret(wrong), new Secret(first), null, cancellation))).ToString());
        messages.Add((await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ResetAsync(slapd.Target(),
            account, new Secret("tiny"), null, cancellation))).ToString());
        messages.Add((await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.ResetAsync(
            slapd.Target() with { CaCertificatePem = slapd.UntrustedCaPem }, account, new Secret(first), null,
            cancellation))).ToString());

        var logs = harness.AllLogText();
        Assert.NotEmpty(harness.Logs.GetSnapshot());
        Assert.Contains(user.Uid, logs);
        foreach (var secret in new[] { first, second, wrong, "tiny", slapd.ResetPassword })
        {
            Assert.DoesNotContain(secret, logs);
            Assert.All(messages, message => Assert.DoesNotContain(secret, message));
        }
    }

    public void Dispose() => harness.Dispose();
}
