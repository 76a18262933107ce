using PasswordSync.DirectorySync.Connectors;

namespace PasswordSync.DirectorySync.Tests.Ssh;

public sealed class SshSecretTests : IDisposable
{
    private readonly SshdHost sshd = SshdHost.Require();
    private readonly SshTestConnectors connectors = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_password_reaches_a_log_line_an_exception_message_or_a_command_line()
    {
        var first = SshdHost.NewPassword();
        var second = SshdHost.NewPassword();
        var wrong = SshdHost.NewPassword();
        await using var user = await SshdHost.CreateUserAsync(first);
        var account = new AccountName(user.Name);
        var messages = new List<string>();

        await connectors.Linux.ResetAsync(sshd.Target(), account, new Secret(second), null, cancellation);
        await connectors.Linux.VerifyAsync(sshd.Target(), account, new Secret(wrong), null, cancellation);
        messages.Add((await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.ResetAsync(
            sshd.Target() with { PrivilegedAccount = sshd.NoSudoUser, PrivilegedPassword = new Secret(sshd.NoSudoPassword) },
            account, new Secret(first), null, cancellation))).ToString());
        messages.Add((await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.ResetAsync(sshd.Target(),
            account, new Secret(first + "\nroot:x"), null, cancellation))).ToString());

        var logs = connectors.AllLogText();
        var commandLines = await sshd.ReadArgvLogAsync();
        Assert.Contains(user.Name, logs);
        foreach (var secret in new[] { first, second, wrong, sshd.AdminPassword, sshd.NoSudoPassword })
        {
            Assert.DoesNotContain(secret, logs);
            Assert.DoesNotContain(secret, commandLines);
            Assert.All(messages, message => Assert.DoesNotContain(secret, message));
        }
    }

    public void Dispose() => connectors.Dispose();
}
