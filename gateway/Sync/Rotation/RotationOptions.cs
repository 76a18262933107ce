namespace PasswordSync.Gateway.Sync.Rotation;

/// <summary>
/// Timing of the crash-safe rotation protocol (configuration section <c>Gateway:Sync</c>). The lease must comfortably
/// outlast the apply deadline (see <see cref="RotationOptionsValidator"/>): otherwise the reconciler could claim and
/// abort a rotation whose directory write is still in flight, and that write would then land a password the vault
/// has just dropped.
/// </summary>
public sealed class RotationOptions
{
    public const string Section = "Gateway:Sync";

    public const string LeaseKey = Section + ":" + nameof(RotationLease);

    public const string ApplyDeadlineKey = Section + ":" + nameof(ApplyDeadline);

    /// <summary>How long a pending rotation belongs to the gateway that began it before the reconciler may claim it.</summary>
    public TimeSpan RotationLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Deadline of one directory write (reset, or change where reset is unsupported), its verify included.</summary>
    public TimeSpan ApplyDeadline { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Deadline of each vault call.</summary>
    public TimeSpan VaultCallTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
