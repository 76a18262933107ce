using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PasswordSync.Gateway.Tests.Auth;

/// <summary>Every log line of an in-process gateway, formatted as a logger would print it, to search for secrets.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public string Text => string.Join('\n', lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Waits (bounded) until a line contains <paramref name="text"/>; fails with every line so far.</summary>
    public Task<string> WaitForAsync(string text, TimeSpan timeout) => WaitForAnyAsync(timeout, text);

    /// <summary>Waits (bounded) until a line contains one of the texts.</summary>
    public async Task<string> WaitForAnyAsync(TimeSpan timeout, params string[] texts)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var line = lines.FirstOrDefault(l => texts.Any(text => l.Contains(text, StringComparison.Ordinal)));
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"No log line contained '{string.Join("' or '", texts)}' within {timeout}. Lines:\n{Text}");
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            // The structured values too, so a secret passed as a parameter but not in the template is still found.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            owner.lines.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {values} {exception}");
        }
    }
}
