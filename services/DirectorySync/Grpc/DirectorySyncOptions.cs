using System.ComponentModel.DataAnnotations;

namespace PasswordSync.DirectorySync.Grpc;

/// <summary>Service-level settings (configuration section DirectorySync).</summary>
internal sealed class DirectorySyncOptions
{
    public const string Section = "DirectorySync";

    /// <summary>Per-attempt timeout when a target does not set its own.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DefaultOperationTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Items of one bulk stream processed at once (each on its own pooled connection).</summary>
    [Range(1, 64)]
    public int BulkParallelism { get; set; } = 4;

    /// <summary>
    /// How long an AD account's effective lockout policy (its PSO, or the domain's) is reused between state reads on
    /// one DC; zero reads it every time. See docs/directory-connections.md for why a short stale window is safe.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan LockoutPolicyCacheTime { get; set; } = TimeSpan.FromSeconds(10);
}
