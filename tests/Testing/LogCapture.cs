using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PasswordSync.Testing;

/// <summary>
/// An ILoggerProvider that keeps every log line (message, exception text and structured state values) in memory, so
/// tests can prove that no secret reached a log and count specific events (e.g. retries).
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();

    public IReadOnlyCollection<CapturedLog> Entries => entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, entries);

    public int Count(int eventId) => entries.Count(e => e.EventId == eventId);

    /// <summary>Fails the test when any captured line contains one of the secrets.</summary>
    public void AssertNoneContains(IEnumerable<string> secrets)
    {
        foreach (var secret in secrets.Where(s => s.Length > 0))
        {
            var leak = entries.FirstOrDefault(e => e.Text.Contains(secret, StringComparison.Ordinal));
            Xunit.Assert.True(leak is null, $"A secret reached the log (category {leak?.Category}, event {leak?.EventId}).");
        }
    }

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            entries.Enqueue(new CapturedLog(category, logLevel, eventId.Id,
                $"{formatter(state, exception)} | {values} | {exception}"));
        }
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, int EventId, string Text);
