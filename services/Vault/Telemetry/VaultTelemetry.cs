using System.Diagnostics.Metrics;

namespace PasswordSync.Vault.Telemetry;

/// <summary>
/// The vault's own meter (exported by the service defaults, which listen to "PasswordSync.*"): the rotation journal's
/// transitions, the vault-side view of the gateway's rotations (one count per successful journal call; an idempotent
/// replay of a request counts again). Static, like the framework's own meters: nothing is recorded unless a listener
/// subscribes. Spans come from the ASP.NET Core instrumentation (one per journal call).
/// </summary>
internal static class VaultTelemetry
{
    public const string Name = "PasswordSync.Vault";

    public const string TransitionTag = "passwordsync.rotation.transition";

    public static readonly Meter Meter = new(Name);

    private static readonly Counter<long> JournalTransitions = Meter.CreateCounter<long>(
        "passwordsync.vault.rotation_journal.transitions", "{transition}",
        "Rotation journal calls that succeeded, by transition: begun, committed, aborted, marked_out_of_sync.");

    public static void Transition(string transition, long count = 1)
    {
        if (count > 0)
        {
            JournalTransitions.Add(count, new KeyValuePair<string, object?>(TransitionTag, transition));
        }
    }
}
