using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PasswordSync.Vault.Tests.Integration;

/// <summary>One captured log entry: everything a sink could see (message, structured values, exception text).</summary>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, string Values,
    string Exception);

/// <summary>
/// Captures every log entry the hosted vault writes, at every level, so tests can prove no secret reached a log and
/// that no unexpected error was logged.
/// </summary>
public sealed class VaultHostLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();

    public IReadOnlyList<CapturedLog> Entries => entries.ToArray();

    /// <summary>All captured text, for secret scans.</summary>
    public string AllText() => string.Join("\n",
        Entries.Select(e => $"{e.Category} {e.EventId} {e.Message} {e.Values} {e.Exception}"));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            entries.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), values,
                exception?.ToString() ?? ""));
        }
    }
}
