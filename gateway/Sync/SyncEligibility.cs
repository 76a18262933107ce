using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Sync;

/// <summary>
/// Whether a record can be synchronised (architecture page: its list is ready, its account type is one that can be
/// synchronised, and its "Domain or Host" resolves to a registered target of a matching kind), and if not, why in a
/// sentence a person can act on. <see cref="Target"/> is set when enabled.
/// </summary>
public sealed record SyncEligibility(bool Enabled, string? DisabledReason, Target? Target)
{
    public static SyncEligibility Disabled(string reason) => new(false, reason, null);

    public static SyncEligibility For(Target target) => new(true, null, target);
}
