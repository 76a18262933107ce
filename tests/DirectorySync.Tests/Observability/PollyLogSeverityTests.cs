using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Resilience;
using Polly;

namespace PasswordSync.DirectorySync.Tests.Observability;

/// <summary>
/// Polly's log lines through directory-sync's own registration: a successful attempt and a successful pipeline run
/// (one each per directory operation) are Debug, so a bulk rotation does not print console lines per reset; a failed
/// attempt is still a Warning.
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
        var executed = Assert.Single(logs.GetSnapshot(), r => r.Message.StartsWith("Resilience pipeline executed",
            StringComparison.Ordinal));
        Assert.Equal(LogLevel.Debug, executed.Level);

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

    [Fact]
    public async Task The_service_as_hosted_logs_a_successful_attempt_at_debug()
    {
        var logs = new FakeLogCollector();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("DirectorySync:Security:AllowInsecureLocalCalls", "true");
            web.ConfigureLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs))
                .AddFilter("Polly", LogLevel.Debug));
        });
        var pipeline = factory.Services.GetRequiredService<ServerPipelines>()
            .For(DirectoryKind.Ldap, $"ldap-{Guid.NewGuid():N}.example.test:636");

        await pipeline.ExecuteAsync(_ => ValueTask.CompletedTask, TestContext.Current.CancellationToken);

        Assert.Equal(LogLevel.Debug, Assert.Single(ExecutionAttempts(logs)).Level);
    }

    private static List<FakeLogRecord> ExecutionAttempts(FakeLogCollector logs) =>
        logs.GetSnapshot().Where(r => r.Category?.StartsWith("Polly", StringComparison.Ordinal) == true
            && r.Message.Contains("Execution attempt", StringComparison.Ordinal)).ToList();
}
