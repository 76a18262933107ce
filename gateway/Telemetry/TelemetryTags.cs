namespace PasswordSync.Gateway.Telemetry;

/// <summary>
/// Attribute names on the gateway's spans and metrics. Values are ids, kinds, status words and reason codes: never a
/// password, a user name or a message (a directory's message may quote its input).
/// </summary>
internal static class TelemetryTags
{
    public const string RecordId = "passwordsync.record.id";
    public const string ListId = "passwordsync.list.id";
    public const string JobId = "passwordsync.job.id";
    public const string RotationId = "passwordsync.rotation.id";
    public const string TargetId = "passwordsync.target.id";
    public const string TargetKind = "passwordsync.target.kind";
    public const string Trigger = "passwordsync.rotation.trigger";
    public const string Outcome = "passwordsync.outcome";
    public const string Reason = "passwordsync.reason";
    public const string Status = "passwordsync.status";
    public const string Candidate = "passwordsync.check.candidate";
    public const string Items = "passwordsync.items";

    /// <summary>The reason tag's value when there is none (a tag is always present, so queries can group by it).</summary>
    public const string NoReason = "none";
}
