using Polly.Telemetry;

namespace PasswordSync.DirectorySync.Resilience;

/// <summary>
/// How loud Polly's own telemetry events are. Polly reports every successful attempt ("ExecutionAttempt", not
/// handled) at Information: one console line per directory operation, which at bulk rates (a thousand resets a
/// second) cost directory-sync more CPU than the operation itself and buried the lines that matter. A successful
/// attempt is Debug here; handled attempts (failures), retries and circuit changes keep Polly's own severity
/// (Warning and above), and directory-sync's own retry and circuit lines (<see cref="ResilienceLog"/>) are unchanged.
/// </summary>
internal static class PollyEventSeverity
{
    private const string ExecutionAttempt = "ExecutionAttempt";

    public static ResilienceEventSeverity For(SeverityProviderArguments args) =>
        args.Event.EventName == ExecutionAttempt && args.Event.Severity == ResilienceEventSeverity.Information
            ? ResilienceEventSeverity.Debug
            : args.Event.Severity;
}
