using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using PasswordSync.Gateway.Sync;
using PasswordSync.ServiceDefaults;
using PasswordSync.ServiceDefaults.Telemetry;

namespace PasswordSync.Gateway.Telemetry;

/// <summary>
/// The "rotation" span (one per save and sync, rotate or job item) and the <c>passwordsync.rotations</c> counter: one
/// count per attempt, by outcome and reason code. A generated password the directory refuses by policy is retried
/// once with a fresh one, so that rotation counts an aborted attempt (PASSWORD_POLICY) and then the retry's outcome.
/// </summary>
internal static class RotationTelemetry
{
    public const string SpanName = "rotation";

    private static readonly Counter<long> Attempts = GatewayTelemetry.Meter.CreateCounter<long>(
        "passwordsync.rotations", "{attempt}", "Rotation attempts, by outcome and reason code.");

    private static readonly Histogram<double> Durations = GatewayTelemetry.Meter.CreateHistogram<double>(
        "passwordsync.rotation.duration", "s", "Duration of rotations (save and sync, rotate, job items), end to end.");

    public static Activity? Start(RotationCommand command)
    {
        var activity = GatewayTelemetry.Source.StartActivity(SpanName);
        activity?.SetTag(TelemetryTags.RecordId, command.RecordId);
        activity?.SetTag(TelemetryTags.Trigger, Trigger(command.Reason));
        return activity;
    }

    /// <summary>Records how an attempt ended; called by the rotation engine where it knows.</summary>
    public static void Settled(string outcome, string? reasonCode, string rotationId)
    {
        var reason = string.IsNullOrEmpty(reasonCode) ? TelemetryTags.NoReason : reasonCode;
        Attempts.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Outcome, outcome),
            new KeyValuePair<string, object?>(TelemetryTags.Reason, reason));
        if (GatewayTelemetry.IsOurs(Activity.Current, SpanName))
        {
            Activity.Current!.SetTag(TelemetryTags.Outcome, outcome);
            Activity.Current.SetTag(TelemetryTags.Reason, reason);
            Activity.Current.SetTag(TelemetryTags.RotationId, rotationId);
        }
    }

    /// <summary>A rotation call that threw (an RpcException carries a reason code): counted, and the span marked.</summary>
    public static void Failed(Activity? activity, Exception exception)
    {
        var reason = exception is RpcException rpc && rpc.GetReason() is { Length: > 0 } code
            ? code
            : exception.GetType().Name;
        Attempts.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Outcome, RotationOutcome.Error),
            new KeyValuePair<string, object?>(TelemetryTags.Reason, reason));
        activity?.SetTag(TelemetryTags.Outcome, RotationOutcome.Error);
        activity?.SetTag(TelemetryTags.Reason, reason);
        SpanErrors.Record(activity, reason);
    }

    public static void Finished(RotationCommand command, TimeSpan elapsed) =>
        Durations.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>(TelemetryTags.Trigger, Trigger(command.Reason)));

    /// <summary>"save-and-sync", "rotate" or "job" (job ids would make one series per job).</summary>
    public static string Trigger(string reason) =>
        reason.StartsWith("job:", StringComparison.Ordinal) ? "job" : reason;
}
