namespace PasswordSync.Gateway.Auth.Bootstrap;

/// <summary>
/// The bootstrap admin key on disk: one line, mode 0600 (readable by the service's user only) in a 0700 folder,
/// written to a temporary file and renamed, so a crash never leaves a half-written key.
/// </summary>
internal static class BootstrapKeyFile
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                              | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Holds an exclusive lock (a ".lock" file beside the key) while the bootstrap decides and writes, so gateways that
    /// share the state folder and start together create one key, not one each. Waits up to <paramref name="timeout"/>.
    /// </summary>
    public static async Task<IDisposable> LockAsync(string keyPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        CreateFolder(keyPath);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(keyPath + ".lock", OwnerOnly(FileMode.OpenOrCreate, FileAccess.ReadWrite));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }

    /// <summary>The key in the file, or null when there is none. Tightens a file others could read (and says so).</summary>
    public static string? TryRead(string keyPath, out bool wasTooOpen)
    {
        wasTooOpen = false;
        if (!File.Exists(keyPath))
        {
            return null;
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(keyPath) & GroupOrOther) != 0)
        {
            File.SetUnixFileMode(keyPath, OwnerOnlyFile);
            wasTooOpen = true;
        }

        var key = File.ReadAllText(keyPath).Trim();
        return key.Length == 0 ? null : key;
    }

    public static void Write(string keyPath, string key)
    {
        CreateFolder(keyPath);
        var temporary = $"{keyPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, OwnerOnly(FileMode.CreateNew, FileAccess.Write)))
            using (var writer = new StreamWriter(file))
            {
                writer.WriteLine(key);
                writer.Flush();
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, keyPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // FileShare.None: on Unix .NET takes an exclusive advisory lock (flock), which is what the lock file relies on.
    private static FileStreamOptions OwnerOnly(FileMode mode, FileAccess access)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return options;
    }

    private static void CreateFolder(string keyPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(keyPath))!;
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(folder);
        }
        else
        {
            // The mode applies only to folders created here; an existing folder is the operator's choice.
            System.IO.Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }
    }
}
