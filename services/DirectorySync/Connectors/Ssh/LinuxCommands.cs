using System.Text;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>
/// The exact command lines sent to a Linux host. User names are validated by <see cref="LinuxAccountNames"/> before
/// they get here; passwords never appear in a command line, only in <see cref="ChpasswdInput"/> (stdin).
/// </summary>
internal static class LinuxCommands
{
    public const string Chpasswd = "/usr/sbin/chpasswd";

    /// <summary>Reads a password line from stdin; -n makes sudo fail instead of prompting for a password.</summary>
    public const string SetPassword = "sudo -n " + Chpasswd;

    /// <summary>Lists, without running it, whether the privileged user may run chpasswd through sudo.</summary>
    public const string CanSetPasswords = "sudo -n -l " + Chpasswd;

    public static string PasswdEntry(string user) => $"getent passwd {user}";

    public static string ShadowEntry(string user) => $"sudo -n /usr/bin/getent shadow {user}";

    /// <summary>The one line chpasswd reads: <c>user:password\n</c>, UTF-8.</summary>
    public static byte[] ChpasswdInput(string user, Secret password) =>
        Encoding.UTF8.GetBytes($"{user}:{password.Reveal()}\n");
}
