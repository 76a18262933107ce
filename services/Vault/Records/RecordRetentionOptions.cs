using System.ComponentModel.DataAnnotations;

namespace PasswordSync.Vault.Records;

/// <summary>How long soft-deleted records stay restorable, and how often the purger removes older ones.</summary>
public sealed class RecordRetentionOptions
{
    public const string SectionName = "Vault:Records";

    /// <summary>A deleted record is restorable for this long, then purged for good.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00",
        ErrorMessage = "Vault:Records:DeletedRetention must be between 1 minute and 3650 days (e.g. \"30.00:00:00\" for 30 days).")]
    public TimeSpan DeletedRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the purger runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00",
        ErrorMessage = "Vault:Records:PurgeInterval must be between 1 second and 1 day (e.g. \"01:00:00\").")]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}
