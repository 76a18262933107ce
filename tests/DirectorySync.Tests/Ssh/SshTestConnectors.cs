using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PasswordSync.DirectorySync.Connectors.Ssh;

namespace PasswordSync.DirectorySync.Tests.Ssh;

/// <summary>The SSH connectors under test with every log line captured in memory.</summary>
internal sealed class SshTestConnectors : IDisposable
{
    private readonly ILoggerFactory loggerFactory;

    public SshTestConnectors()
    {
        Logs = new FakeLogCollector();
        loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(new FakeLoggerProvider(Logs)));
        Linux = new LinuxSshConnector(loggerFactory.CreateLogger<LinuxSshConnector>());
        Windows = new WindowsSshConnector(loggerFactory.CreateLogger<WindowsSshConnector>());
    }

    public LinuxSshConnector Linux { get; }

    public WindowsSshConnector Windows { get; }

    public FakeLogCollector Logs { get; }

    public string AllLogText() => string.Join('\n', Logs.GetSnapshot().Select(record =>
        $"{record.Message} {record.Exception} "
        + string.Join(' ', record.StructuredState?.Select(pair => pair.Value) ?? [])));

    public void Dispose() => loggerFactory.Dispose();
}
