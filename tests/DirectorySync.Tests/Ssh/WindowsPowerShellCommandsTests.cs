using System.Text;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.Ssh;

namespace PasswordSync.DirectorySync.Tests.Ssh;

/// <summary>
/// No Windows host can run here, so the Windows connector is checked through the exact command line and stdin it
/// sends (its SSH transport is the one the Linux tests run against a real sshd). Not yet tested against a live host.
/// </summary>
public sealed class WindowsPowerShellCommandsTests
{
    private const string PowerShellPrefix = "powershell.exe -NoLogo -NoProfile -NonInteractive -EncodedCommand ";

    [Fact]
    public void The_reset_command_line_is_an_encoded_script_that_reads_the_password_from_stdin()
    {
        var commandLine = WindowsPowerShellCommands.CommandLine(WindowsPowerShellCommands.ResetPasswordScript("svc-app"));

        Assert.StartsWith(PowerShellPrefix, commandLine);
        var script = Decode(commandLine);
        Assert.Equal(
            "$ErrorActionPreference = 'Stop'\n"
            + "$stdin = [System.IO.StreamReader]::new([Console]::OpenStandardInput(), [System.Text.UTF8Encoding]::new($false))\n"
            + "$password = ConvertTo-SecureString -String $stdin.ReadLine() -AsPlainText -Force\n"
            + "Set-LocalUser -Name 'svc-app' -Password $password",
            script.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_password_goes_only_to_stdin_as_one_UTF8_line()
    {
        const string password = "Pässword-123";

        var stdin = WindowsPowerShellCommands.PasswordInput(new Secret(password));
        var commandLine = WindowsPowerShellCommands.CommandLine(WindowsPowerShellCommands.ResetPasswordScript("svc-app"));

        Assert.Equal(Encoding.UTF8.GetBytes(password + "\n"), stdin);
        Assert.DoesNotContain(password, commandLine);
        Assert.DoesNotContain(password, Decode(commandLine));
    }

    [Fact]
    public void The_state_script_asks_for_the_validated_account_only()
    {
        var script = Decode(WindowsPowerShellCommands.CommandLine(WindowsPowerShellCommands.AccountStateScript("Backup Svc")));

        Assert.Contains("Get-LocalUser -Name 'Backup Svc'", script);
        Assert.Contains("ConvertTo-Json -Compress", script);
    }

    [Theory]
    [InlineData("svc'; Remove-LocalUser x; '")]
    [InlineData("a\"b")]
    [InlineData("a/b")]
    [InlineData("name\nnext")]
    [InlineData("x@domain")]
    [InlineData(" leading")]
    [InlineData("trailing.")]
    [InlineData("abcdefghijklmnopqrstu")]
    [InlineData("")]
    public void Names_that_could_break_out_of_the_script_are_refused(string name)
    {
        var failure = Assert.Throws<DirectoryException>(() => WindowsAccountNames.Validate(new AccountName(name)));

        Assert.Equal(Reason.InvalidArgument, failure.Reason);
    }

    [Theory]
    [InlineData("Administrator")]
    [InlineData("svc_backup-01")]
    [InlineData("Backup Svc")]
    [InlineData("a")]
    public void Ordinary_local_account_names_are_accepted(string name) =>
        Assert.Equal(name, WindowsAccountNames.Validate(new AccountName(name)));

    [Fact]
    public void The_state_json_printed_by_the_script_is_read()
    {
        var state = WindowsAccountStateJson.Parse(
            """{"Enabled":false,"PasswordLastSet":"2026-11-20T08:15:00.0000000Z","AccountExpires":null,"PasswordExpires":"2027-01-01T00:00:00.0000000Z"}""",
            "win1");

        Assert.False(state.Enabled);
        Assert.Equal("2026-11-20T08:15:00.0000000Z", state.PasswordLastSetRaw);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), state.PasswordExpires);
        Assert.Null(state.AccountExpires);
        Assert.Equal("win1", state.Server);
    }

    [Fact]
    public async Task Changing_as_the_account_is_declared_unsupported()
    {
        var connector = new WindowsSshConnector(Microsoft.Extensions.Logging.Abstractions.NullLogger<WindowsSshConnector>.Instance);
        var target = new DirectoryTarget("w", DirectoryKind.SshWindows, [new DirectoryEndpoint("127.0.0.1", 1)],
            string.Empty, "admin", new Secret("x"), null, false, false, false, null, TimeSpan.FromSeconds(1));

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => connector.ChangeAsync(target,
            new AccountName("svc"), new Secret("a"), new Secret("b"), null, TestContext.Current.CancellationToken));

        Assert.Equal(FailureClass.Unsupported, failure.FailureClass);
    }

    private static string Decode(string commandLine) =>
        Encoding.Unicode.GetString(Convert.FromBase64String(commandLine[PowerShellPrefix.Length..]));
}
