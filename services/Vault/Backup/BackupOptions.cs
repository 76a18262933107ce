using System.ComponentModel.DataAnnotations;

namespace PasswordSync.Vault.Backup;

/// <summary>Limits of backup and restore (section <c>Vault:Backup</c>).</summary>
public sealed class BackupOptions
{
    public const string SectionName = "Vault:Backup";

    /// <summary>
    /// The largest backup a restore accepts: the upload lands in a file beside the database first, so this bounds the
    /// disk a caller can fill.
    /// </summary>
    [Range(4096L, long.MaxValue,
        ErrorMessage = "Vault:Backup:MaxRestoreBytes must be at least 4096 (one SQLite page); the default is 1073741824 (1 GiB).")]
    public long MaxRestoreBytes { get; set; } = 1L << 30;

    /// <summary>Size of the pieces a backup is streamed in; well under gRPC's 4 MB message limit.</summary>
    [Range(1024, 1024 * 1024,
        ErrorMessage = "Vault:Backup:ChunkBytes must be between 1024 and 1048576; the default is 65536.")]
    public int ChunkBytes { get; set; } = 64 * 1024;
}
