using System.Diagnostics;

namespace PasswordSync.ServiceDefaults.Telemetry;

/// <summary>
/// How our own spans record a failure: the status and the exception's type or a reason code, never the exception's
/// message or stack (<see cref="Activity.AddException"/> would copy both into the span, and a library's message may
/// quote what it was given).
/// </summary>
public static class SpanErrors
{
    public const string ErrorTypeTag = "error.type";

    public static void Record(Activity? activity, Exception exception) =>
        Record(activity, exception.GetType().FullName ?? exception.GetType().Name);

    public static void Record(Activity? activity, string errorType)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(ErrorTypeTag, errorType);
        activity.SetStatus(ActivityStatusCode.Error, errorType);
    }
}
