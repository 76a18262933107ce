using System.Text;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.Ssh;

namespace PasswordSync.DirectorySync.Tests.Ssh;

public sealed class LinuxCommandsTests
{
    [Fact]
    public void Chpasswd_reads_exactly_one_user_password_line_and_its_command_line_holds_no_secret()
    {
        var stdin = LinuxCommands.ChpasswdInput("svcapp", new Secret("p:ss wörd"));

        Assert.Equal(Encoding.UTF8.GetBytes("svcapp:p:ss wörd\n"), stdin);
        Assert.Equal("sudo -n /usr/sbin/chpasswd", LinuxCommands.SetPassword);
    }

    [Fact]
    public void A_shadow_line_gives_the_raw_last_change_day_lock_and_expiry_without_keeping_the_hash()
    {
        var entry = ShadowEntry.Parse("svcapp:!$y$j9T$abc:20417:0:90:7::20500:\n");

        Assert.NotNull(entry);
        Assert.True(entry.Locked);
        Assert.Equal("20417", entry.LastChangeDay);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(20417 + 90), entry.PasswordExpires);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(20500), entry.AccountExpires);
        Assert.False(entry.MustChange);
        Assert.DoesNotContain("j9T", entry.ToString());
    }

    [Fact]
    public void A_shadow_line_without_maximum_age_never_expires_and_day_zero_means_must_change()
    {
        var entry = ShadowEntry.Parse("svcapp:$y$hash:0:0:99999:7:::");

        Assert.NotNull(entry);
        Assert.False(entry.Locked);
        Assert.True(entry.MustChange);
        Assert.Null(entry.PasswordExpires);
        Assert.Null(entry.AccountExpires);
        Assert.Null(ShadowEntry.Parse("garbage"));
    }

    [Theory]
    [InlineData("SHA256:TpwUD4xOrJtlUkq8nioEN75PyXXzcn6jPAhsIyb2tCg", true)]
    [InlineData("TpwUD4xOrJtlUkq8nioEN75PyXXzcn6jPAhsIyb2tCg", true)]
    [InlineData("sha256:TpwUD4xOrJtlUkq8nioEN75PyXXzcn6jPAhsIyb2tCg=", true)]
    [InlineData("SHA256:tpwUD4xOrJtlUkq8nioEN75PyXXzcn6jPAhsIyb2tCg", false)]
    [InlineData(null, false)]
    public void Host_key_pins_compare_like_OpenSSH_prints_them(string? pinned, bool matches) =>
        Assert.Equal(matches, SshHostKeyPin.Matches(pinned, "TpwUD4xOrJtlUkq8nioEN75PyXXzcn6jPAhsIyb2tCg"));
}
