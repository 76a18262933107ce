using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PasswordSync.Gateway.Telemetry;

/// <summary>The "sync report" span and the <c>passwordsync.report.duration</c> histogram (completed reports).</summary>
internal static class ReportTelemetry
{
    public const string SpanName = "sync report";

    private static readonly Histogram<double> Durations = GatewayTelemetry.Meter.CreateHistogram<double>(
        "passwordsync.report.duration", "s", "Duration of completed sync reports.");

    private static readonly Counter<long> Records = GatewayTelemetry.Meter.CreateCounter<long>(
        "passwordsync.report.records", "{record}", "Records reported on by completed sync reports.");

    public static Activity? Start(string listId)
    {
        var activity = GatewayTelemetry.Source.StartActivity(SpanName);
        activity?.SetTag(TelemetryTags.ListId, listId);
        return activity;
    }

    public static void Finished(Activity? activity, TimeSpan elapsed, int records)
    {
        Durations.Record(elapsed.TotalSeconds);
        Records.Add(records);
        activity?.SetTag(TelemetryTags.Items, records);
    }
}
