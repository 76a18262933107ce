using System.Text;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>
/// The exact commands sent to a Windows host's OpenSSH server, built without any I/O so tests can check them byte for
/// byte. Scripts go as <c>-EncodedCommand</c> (no quoting through cmd.exe); the password is never in the script nor
/// the command line: the script reads it as one UTF-8 line from stdin.
/// </summary>
internal static class WindowsPowerShellCommands
{
    private const string PowerShell = "powershell.exe -NoLogo -NoProfile -NonInteractive -EncodedCommand ";

    /// <summary>Sets a local account's password to the line read from stdin.</summary>
    public static string ResetPasswordScript(string validatedUser) => $$"""
        $ErrorActionPreference = 'Stop'
        $stdin = [System.IO.StreamReader]::new([Console]::OpenStandardInput(), [System.Text.UTF8Encoding]::new($false))
        $password = ConvertTo-SecureString -String $stdin.ReadLine() -AsPlainText -Force
        Set-LocalUser -Name {{Quote(validatedUser)}} -Password $password
        """;

    /// <summary>Prints the account's state as one JSON object (dates as round-trip UTC strings).</summary>
    public static string AccountStateScript(string validatedUser) => $$"""
        $ErrorActionPreference = 'Stop'
        $user = Get-LocalUser -Name {{Quote(validatedUser)}}
        function Utc($date) { if ($date) { $date.ToUniversalTime().ToString('o') } else { $null } }
        [pscustomobject]@{ Enabled = $user.Enabled; PasswordLastSet = Utc $user.PasswordLastSet; AccountExpires = Utc $user.AccountExpires; PasswordExpires = Utc $user.PasswordExpires } | ConvertTo-Json -Compress
        """;

    /// <summary>Checks that the privileged login may manage local accounts (it is a local administrator).</summary>
    public const string IsAdministratorScript = """
        $principal = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
        if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { exit 1 }
        """;

    /// <summary>The command line running <paramref name="script"/>: PowerShell with the script UTF-16LE base64-encoded.</summary>
    public static string CommandLine(string script) =>
        PowerShell + Convert.ToBase64String(Encoding.Unicode.GetBytes(script));

    /// <summary>What the reset script reads from stdin: the password and a line feed, UTF-8.</summary>
    public static byte[] PasswordInput(Secret password) => Encoding.UTF8.GetBytes(password.Reveal() + "\n");

    private static string Quote(string validatedUser) => "'" + validatedUser.Replace("'", "''", StringComparison.Ordinal) + "'";
}
