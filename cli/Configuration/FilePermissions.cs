using PasswordSync.Cli.Errors;

namespace PasswordSync.Cli.Configuration;

/// <summary>
/// The file-mode rules ssh applies to private keys, applied to pwsync's key and configuration files (POSIX only;
/// Windows ACLs are left to the user).
/// </summary>
public static class FilePermissions
{
    private const UnixFileMode GroupOrOthersRead = UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode GroupOrOthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>A key file anyone else can read is a leaked key: refuse to use it (and say how to fix it).</summary>
    public static void RefuseReadableByOthers(string path, string what)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (GroupOrOthersRead | GroupOrOthersWrite)) != 0)
        {
            throw CliException.Auth($"The {what} {path} is readable or writable by group or others; pwsync will not use it.",
                $"Run: chmod 600 '{path}' (and consider the key exposed: revoke it and create a new one if others could read it).");
        }
    }

    /// <summary>A configuration file others can change could send the API key to their server: refuse it.</summary>
    public static void RefuseWritableByOthers(string path, string what)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOthersWrite) != 0)
        {
            throw CliException.Usage($"The {what} {path} is writable by group or others; pwsync will not use it.",
                $"Run: chmod go-w '{path}'.");
        }
    }

    /// <summary>Creates (or truncates) a file only its owner can read, before any secret is written to it.</summary>
    public static FileStream CreateOwnerOnly(string path, bool overwrite)
    {
        var options = new FileStreamOptions
        {
            Mode = overwrite ? FileMode.Create : FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
