using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PasswordSync.Vault.Tests.Security;

/// <summary>Every log line the host writes (message and exception text), to prove no secret reaches a log.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, int EventId, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Category, int EventId, string Text)> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Fails when any captured line contains any of the secrets.</summary>
    public void AssertContainsNone(params string[] secrets)
    {
        foreach (var line in _lines)
        {
            foreach (var secret in secrets)
            {
                Assert.False(line.Text.Contains(secret, StringComparison.Ordinal),
                    $"A log line of {line.Category} (event {line.EventId}) contains a secret.");
            }
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            // Structured state too: a secret passed as a parameter must be caught even if the template omits it.
            var text = formatter(state, exception) + " " + exception + " " +
                (state is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                    : "");
            capture._lines.Enqueue((logLevel, category, eventId.Id, text));
        }
    }
}
