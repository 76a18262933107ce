using System.Text;

namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>Writes files atomically; private keys readable and writable by the owner only (0600) from creation on.</summary>
internal static class OwnerOnlyFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Public = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void WritePrivate(string path, string content) => Write(path, content, OwnerOnly);

    public static void WritePublic(string path, string content) => Write(path, content, Public);

    private static void Write(string path, string content, UnixFileMode mode)
    {
        // Created with its final mode (no window where a key is world-readable), then renamed over the old file so a
        // reader never sees half a file.
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
