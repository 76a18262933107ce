using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PasswordSync.Gateway.Telemetry;

/// <summary>
/// The "bulk job run" span (one per claim of a job by this instance; its items' rotations are its children) and the
/// job progress counter <c>passwordsync.job.items</c>: finished items, by status (succeeded, failed, skipped).
/// </summary>
internal static class JobTelemetry
{
    public const string SpanName = "bulk job run";

    private static readonly Counter<long> Items = GatewayTelemetry.Meter.CreateCounter<long>(
        "passwordsync.job.items", "{item}", "Bulk job items finished, by status.");

    public static Activity? StartRun(string jobId)
    {
        var activity = GatewayTelemetry.Source.StartActivity(SpanName);
        activity?.SetTag(TelemetryTags.JobId, jobId);
        return activity;
    }

    public static void ItemFinished(string status, string reasonCode) =>
        Items.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Status, status),
            new KeyValuePair<string, object?>(TelemetryTags.Reason,
                reasonCode.Length > 0 ? reasonCode : TelemetryTags.NoReason));
}
