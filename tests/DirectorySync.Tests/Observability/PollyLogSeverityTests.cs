using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Resilience;
using Polly;

namespace PasswordSync.DirectorySync.Tests.Observability;

/// <summary>
/// Polly's log lines through directory-sync's own registration: a successful attempt (one per directory operation)
/// is Debug, so a bulk rotation does not print a console line per reset; a failed attempt is still a Warning.
/// </summary>
public sealed class PollyLogSeverityTests
{
    [Fact]
    public async Task A_successful_attempt_logs_at_debug_and_a_failed_one_still_warns()
    {
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        services.AddOptions<ResilienceOptions>().Configure(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1));
        services.AddDirectoryResilience();
        await using var provider = services.BuildServiceProvider();
        var pipeline = provider.GetRequiredService<ServerPipelines>()
            .For(DirectoryKind.Ldap, $"ldap-{Guid.NewGuid():N}.example.test:636");

        await pipeline.ExecuteAsync(_ => ValueTask.CompletedTask, TestContext.Current.CancellationToken);

        var attempts = ExecutionAttempts(logs);
        var succeeded = Assert.Single(attempts);
        Assert.Equal(LogLevel.Debug, succeeded.Level);

        logs.Clear();
        var tries = 0;
        await pipeline.ExecuteAsync(_ => ++tries == 1
                ? throw new DirectoryException(FailureClass.Transient, Reason.Transient, "The server did not answer.")
                : ValueTask.CompletedTask,
            TestContext.Current.CancellationToken);

        Assert.Equal(2, tries);
        attempts = ExecutionAttempts(logs);
        Assert.Equal([LogLevel.Warning, LogLevel.Debug], attempts.Select(a => a.Level));
    }

    private static List<FakeLogRecord> ExecutionAttempts(FakeLogCollector logs) =>
        logs.GetSnapshot().Where(r => r.Category?.StartsWith("Polly", StringComparison.Ordinal) == true
            && r.Message.Contains("Execution attempt", StringComparison.Ordinal)).ToList();
}
