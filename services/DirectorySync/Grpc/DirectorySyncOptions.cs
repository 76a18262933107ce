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
}
