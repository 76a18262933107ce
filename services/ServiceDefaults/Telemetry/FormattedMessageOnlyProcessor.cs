using OpenTelemetry;
using OpenTelemetry.Logs;

namespace PasswordSync.ServiceDefaults.Telemetry;

/// <summary>
/// Exported log records carry the formatted message and nothing else: no structured state (a caller could log an
/// object whose properties hold a secret), no scopes, and no exception text (a library's exception message may quote
/// what it was given). The exception's type is kept, appended to the message, so the record still says what failed;
/// the full exception stays in the process's own console log. Runs before the exporter's batch processor.
/// </summary>
public sealed class FormattedMessageOnlyProcessor : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        var message = data.FormattedMessage ?? "";
        if (data.Exception is { } exception)
        {
            message += $" [{exception.GetType().FullName}]";
            data.Exception = null;
        }

        data.FormattedMessage = message;
        data.Body = message;
        data.Attributes = null;
    }
}
