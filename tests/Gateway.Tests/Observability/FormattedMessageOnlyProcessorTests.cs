using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using PasswordSync.ServiceDefaults.Telemetry;

namespace PasswordSync.Gateway.Tests.Observability;

/// <summary>
/// What the service defaults hand to the log exporter: the formatted message, and nothing of the record's structured
/// state or exception text, either of which could hold a secret a caller put there (scopes are off in the defaults).
/// </summary>
public sealed class FormattedMessageOnlyProcessorTests
{
    private const string Secret = "Structured-Secret-4c1e!";

    [Fact]
    public void A_record_reaches_the_exporter_as_its_message_and_exception_type_only()
    {
        var exported = new List<(string? Message, object? Body, int Attributes, Exception? Exception)>();
        using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
               {
                   options.IncludeFormattedMessage = true;
                   options.IncludeScopes = false;
                   options.AddProcessor(new FormattedMessageOnlyProcessor());
                   options.AddProcessor(new Capture(exported));
               })))
        {
            var logger = factory.CreateLogger("test");
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["password"] = Secret });
            IReadOnlyList<KeyValuePair<string, object?>> state =
            [
                new("password", Secret),
                new("{OriginalFormat}", "Rotation failed"),
            ];
            logger.Log(LogLevel.Warning, new EventId(1), state, new InvalidOperationException($"quoted {Secret}"),
                (_, _) => "Rotation failed");
        }

        var record = Assert.Single(exported);
        Assert.Equal("Rotation failed [System.InvalidOperationException]", record.Message);
        Assert.Equal(record.Message, record.Body);
        Assert.Equal(0, record.Attributes);
        Assert.Null(record.Exception);
    }

    // Runs after the processor under test, where the exporter's batch processor would.
    private sealed class Capture(List<(string?, object?, int, Exception?)> exported) : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data) =>
            exported.Add((data.FormattedMessage, data.Body, data.Attributes?.Count ?? 0, data.Exception));
    }
}
