using Polly.Telemetry;

namespace PasswordSync.DirectorySync.Resilience;

/// <summary>
/// How loud Polly's own telemetry events are. Polly reports every successful attempt ("ExecutionAttempt", not
/// handled) and every finished pipeline run ("PipelineExecuted") at Information: two console lines per directory
/// operation, which at bulk rates (a thousand resets a second) cost directory-sync and whoever reads its output more
/// CPU than the operation itself, and buried the lines that matter. Those two are Debug here when they report
/// success; handled attempts (failures), retries, timeouts and circuit changes keep Polly's own severity, and
/// directory-sync's own retry and circuit lines (<see cref="ResilienceLog"/>) are unchanged.
/// </summary>
internal static class PollyEventSeverity
{
    private const string ExecutionAttempt = "ExecutionAttempt";
    private const string PipelineExecuted = "PipelineExecuted";

    public static ResilienceEventSeverity For(SeverityProviderArguments args) =>
        args.Event.EventName is ExecutionAttempt or PipelineExecuted
        && args.Event.Severity == ResilienceEventSeverity.Information
            ? ResilienceEventSeverity.Debug
            : args.Event.Severity;
}
