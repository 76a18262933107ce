using System.ComponentModel.DataAnnotations;

namespace PasswordSync.DirectorySync.Resilience;

/// <summary>How hard directory-sync tries a server before giving up on it (configuration section DirectorySync:Resilience).</summary>
internal sealed class ResilienceOptions
{
    public const string Section = "DirectorySync:Resilience";

    /// <summary>Retries after the first attempt, on transient failures only.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First back-off delay; doubles per retry, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Share of failed calls within the sampling window that opens the circuit of a server.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    [Range(2, 1000)]
    public int BreakerMinimumThroughput { get; set; } = 6;

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Operations running at once against one server, so bulk work cannot flood a DC.</summary>
    [Range(1, 256)]
    public int MaxConcurrencyPerServer { get; set; } = 8;

    /// <summary>Operations waiting for a slot on one server before new ones are refused.</summary>
    [Range(0, 10_000)]
    public int MaxQueuePerServer { get; set; } = 256;
}
