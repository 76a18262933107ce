using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;

namespace PasswordSync.DirectorySync.Tests.Ssh;

/// <summary>Bad input is refused before any connection: a counting listener stands in for the host to prove it.</summary>
public sealed class LinuxSshInputValidationTests : IDisposable
{
    private readonly SshTestConnectors connectors = new();
    private readonly ConnectionCountingListener host = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Pw-good\nroot:owned")]
    [InlineData("Pw-good\rnext")]
    [InlineData("Pw-nul\0byte")]
    [InlineData("")]
    public async Task A_password_with_a_line_break_or_NUL_is_refused_before_connecting(string password)
    {
        var reset = await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.ResetAsync(Target(),
            new AccountName("svcapp"), new Secret(password), null, cancellation));
        var verify = await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.VerifyAsync(Target(),
            new AccountName("svcapp"), new Secret(password), null, cancellation));
        var windows = await Assert.ThrowsAsync<DirectoryException>(() => connectors.Windows.ResetAsync(
            Target() with { Kind = DirectoryKind.SshWindows }, new AccountName("svcapp"), new Secret(password), null,
            cancellation));

        Assert.All([reset, verify, windows], failure => Assert.Equal(Reason.InvalidArgument, failure.Reason));
        Assert.Equal(0, host.Connections);
    }

    [Theory]
    [InlineData("svc\nroot")]
    [InlineData("root:x")]
    [InlineData("Admin")]
    [InlineData("a b")]
    [InlineData("$(id)")]
    [InlineData("-rf")]
    [InlineData("user;reboot")]
    [InlineData("averyveryveryveryverylongusername1")]
    public async Task A_user_name_outside_the_Linux_pattern_is_refused_before_connecting(string name)
    {
        var reset = await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.ResetAsync(Target(),
            new AccountName(name), new Secret("Pw-fine-1234"), null, cancellation));
        var state = await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.GetAccountStateAsync(Target(),
            new AccountName(name), null, cancellation));

        Assert.Equal(Reason.InvalidArgument, reset.Reason);
        Assert.Equal(Reason.InvalidArgument, state.Reason);
        Assert.Equal(0, host.Connections);
        Assert.DoesNotContain("Pw-fine-1234", connectors.AllLogText());
    }

    [Fact]
    public async Task The_validation_itself_is_not_what_keeps_the_counter_at_zero()
    {
        // Control: a valid request does reach the listener (which then fails as a host that speaks no SSH).
        await Assert.ThrowsAsync<DirectoryException>(() => connectors.Linux.ResetAsync(Target(),
            new AccountName("svcapp"), new Secret("Pw-fine-1234"), null, cancellation));

        Assert.True(host.Connections > 0);
    }

    private DirectoryTarget Target() => new("validation", DirectoryKind.SshLinux, [host.Endpoint], string.Empty,
        "pwsyncadm", new Secret("admin-secret"), null, false, false, false, "SHA256:unused", TimeSpan.FromSeconds(3));

    public void Dispose()
    {
        connectors.Dispose();
        host.Dispose();
    }
}
