using System.ComponentModel.DataAnnotations;

namespace PasswordSync.Vault.KeyManagement;

/// <summary>The background re-wrap (section <c>Vault:KeyRotation</c>).</summary>
public sealed class KeyRotationOptions
{
    public const string SectionName = "Vault:KeyRotation";

    /// <summary>Run the background re-wrap at start-up and then every <see cref="Interval"/>.</summary>
    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
