using System.ComponentModel.DataAnnotations;

namespace PasswordSync.Gateway.Reconciliation;

/// <summary>The reconciler's schedule (configuration section <c>Gateway:Reconciliation</c>).</summary>
public sealed class ReconciliationOptions
{
    public const string Section = "Gateway:Reconciliation";

    /// <summary>Off only for tests that drive the resolver themselves; a real gateway always reconciles.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between passes over the expired pending rotations (one pass also runs at start-up).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>When a rotation neither password could be proven for is claimed again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OutOfSyncRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, 1000)]
    public int PageSize { get; set; } = 100;
}
