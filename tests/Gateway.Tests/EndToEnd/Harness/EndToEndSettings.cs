namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>Gateway settings (configuration keys) the end-to-end fixtures run with.</summary>
public static class EndToEndSettings
{
    /// <summary>
    /// Production timings, but a per-key rate limit high enough for a test that writes hundreds of records with one
    /// admin key (the limit itself is tested by the auth tests).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>
    {
        ["Gateway:Auth:RequestsPerSecondPerKey"] = "2000",
        ["Gateway:Auth:RequestBurstPerKey"] = "4000",
    };

    /// <summary>
    /// Short leases so crash tests see the reconciler and the job runner take over within seconds, not minutes. The
    /// gateway refuses a lease shorter than twice the apply deadline plus 10 s, so these stay consistent with that.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ShortLeases { get; } = new Dictionary<string, string>(Defaults)
    {
        ["Gateway:Sync:ApplyDeadline"] = "00:00:08",
        ["Gateway:Sync:RotationLease"] = "00:00:30",
        ["Gateway:Reconciliation:Interval"] = "00:00:02",
        ["Gateway:Reconciliation:OutOfSyncRetryAfter"] = "00:00:05",
        ["Gateway:Jobs:Lease"] = "00:00:10",
        ["Gateway:Jobs:RenewInterval"] = "00:00:02",
        ["Gateway:Jobs:PollInterval"] = "00:00:01",
        ["Gateway:Jobs:SettleRetryInterval"] = "00:00:01",
    };

    /// <summary>How long a crash test waits for leases to run out and the leftovers to be settled.</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(3);
}
