using System.Diagnostics;
using System.Diagnostics.Metrics;
using PasswordSync.V1;
using DirectoryTarget = PasswordSync.Directory.V1.Target;

namespace PasswordSync.Gateway.Telemetry;

/// <summary>
/// The "check password" span and the <c>passwordsync.checks</c> counter (by status, target kind and whether a
/// candidate was checked rather than the stored password).
/// </summary>
internal static class CheckTelemetry
{
    public const string SpanName = "check password";

    private static readonly Counter<long> Checks = GatewayTelemetry.Meter.CreateCounter<long>(
        "passwordsync.checks", "{check}", "Password checks, by status, target kind and candidate or stored password.");

    public static Activity? Start(DirectoryTarget target, bool isCandidate)
    {
        var activity = GatewayTelemetry.Source.StartActivity(SpanName);
        activity?.SetTag(TelemetryTags.TargetId, target.Id);
        activity?.SetTag(TelemetryTags.TargetKind, target.Kind.ToString());
        activity?.SetTag(TelemetryTags.Candidate, isCandidate);
        return activity;
    }

    public static void Finished(Activity? activity, DirectoryTarget target, bool isCandidate, CheckResult result)
    {
        var status = result.Status.ToString();
        Checks.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Status, status),
            new KeyValuePair<string, object?>(TelemetryTags.TargetKind, target.Kind.ToString()),
            new KeyValuePair<string, object?>(TelemetryTags.Candidate, isCandidate));
        activity?.SetTag(TelemetryTags.Status, status);
        activity?.SetTag(TelemetryTags.Reason, result.ReasonCode.Length > 0 ? result.ReasonCode : TelemetryTags.NoReason);
    }
}
