using System.Security.Cryptography;

namespace PasswordSync.Vault.Backup;

/// <summary>Size and lower-case hex SHA-256 of a file, as the backup's info and the restore's check name them.</summary>
internal static class FileDigest
{
    public static async Task<(long Size, string Sha256)> OfAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return (stream.Length, Convert.ToHexStringLower(hash));
    }

    /// <summary>True when <paramref name="value"/> is 64 hex digits (either case).</summary>
    public static bool IsSha256(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);
}
