using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PasswordSync.Gateway.Telemetry;

/// <summary>
/// The gateway's own activity source and meter (exported by the service defaults, which listen to "PasswordSync.*").
/// Static, like the framework's own sources: instrumentation lines in the engines need no extra constructor argument,
/// and nothing is recorded unless a listener (the OpenTelemetry SDK) subscribes.
/// </summary>
internal static class GatewayTelemetry
{
    public const string Name = "PasswordSync.Gateway";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>True when <paramref name="activity"/> is our span named <paramref name="spanName"/>.</summary>
    public static bool IsOurs(Activity? activity, string spanName) =>
        activity is not null && activity.Source == Source && activity.OperationName == spanName;
}
