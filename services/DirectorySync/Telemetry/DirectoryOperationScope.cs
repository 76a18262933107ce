using System.Diagnostics;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.ServiceDefaults;
using PasswordSync.ServiceDefaults.Telemetry;

namespace PasswordSync.DirectorySync.Telemetry;

/// <summary>
/// One directory operation on one server: a "directory {operation}" client span and, when disposed, one measurement of
/// <see cref="DirectoryTelemetry.OperationDuration"/> tagged with its outcome. Failures are recorded by reason code or
/// exception type only.
/// </summary>
internal sealed class DirectoryOperationScope : IDisposable
{
    private readonly long started = Stopwatch.GetTimestamp();
    private readonly Activity? activity;
    private readonly TagList tags;
    private string outcome = "unknown";

    private DirectoryOperationScope(DirectoryTarget target, string operation, string server)
    {
        tags = new TagList
        {
            { DirectoryOperationTags.TargetId, target.Id },
            { DirectoryOperationTags.TargetKind, target.Kind.ToString() },
            { DirectoryOperationTags.Operation, operation },
            { DirectoryOperationTags.Server, server },
        };
        // Default parent context: the current activity (the incoming gRPC call's span) is the parent.
        activity = DirectoryTelemetry.Source.StartActivity($"directory {operation}", ActivityKind.Client,
            parentContext: default, tags);
    }

    public static DirectoryOperationScope Start(DirectoryTarget target, string operation, string server) =>
        new(target, operation, server);

    public void Succeeded() => outcome = DirectoryOperationTags.Succeeded;

    /// <summary>Records the failure; always true, so it can lead an exception filter (which then decides).</summary>
    public bool Failed(Exception exception)
    {
        outcome = exception is DirectoryException directory
            ? RpcErrors.ReasonName(directory.Reason)
            : exception.GetType().Name;
        SpanErrors.Record(activity, outcome);
        return true;
    }

    public void Dispose()
    {
        var measured = tags;
        measured.Add(DirectoryOperationTags.Outcome, outcome);
        DirectoryTelemetry.OperationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, measured);
        activity?.SetTag(DirectoryOperationTags.Outcome, outcome);
        activity?.Dispose();
    }
}
