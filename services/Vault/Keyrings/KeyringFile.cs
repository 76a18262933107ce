using System.Text;

namespace PasswordSync.Vault.Keyrings;

/// <summary>
/// Reads and writes key ring files. Files are created owner-only (0600) and replaced atomically (write a sibling file,
/// flush it to disk, rename over the original), so a crash mid-write never leaves a half-written key ring behind.
/// </summary>
public static class KeyringFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidKeyringException">The file's content is not a valid key ring.</exception>
    public static Keyring Read(string path) => KeyringJson.Parse(File.ReadAllText(path, Encoding.UTF8));

    /// <summary>Writes a new key ring file; fails with <see cref="IOException"/> when the file already exists.</summary>
    public static void CreateNew(string path, Keyring keyring) => Write(path, keyring, FileMode.CreateNew);

    /// <summary>Atomically replaces an existing key ring file.</summary>
    public static void Replace(string path, Keyring keyring)
    {
        var fullPath = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(fullPath)!,
            $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Write(temporary, keyring, FileMode.CreateNew);
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>True when group or others have any access to the file (its keys should be readable by the owner only).</summary>
    public static bool IsAccessibleByOthers(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOthers) != 0;

    private static void Write(string path, Keyring keyring, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(KeyringJson.Serialize(keyring)));
        stream.Flush(flushToDisk: true);
    }
}
