using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PasswordSync.DirectorySync.Telemetry;

/// <summary>
/// Directory-sync's own activity source and meter (exported by the service defaults, which listen to "PasswordSync.*").
/// Static, like the framework's own sources: nothing is recorded unless a listener subscribes.
/// </summary>
internal static class DirectoryTelemetry
{
    public const string Name = "PasswordSync.DirectorySync";

    public const string OperationDurationName = "passwordsync.directory.operation.duration";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>
    /// Latency of each directory operation on one server (Polly's retries on that server included), by target, kind, operation
    /// and outcome ("ok" or the failure's reason code).
    /// </summary>
    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        OperationDurationName, "s", "Duration of directory operations (reset, change, verify, account state) per server.");
}
