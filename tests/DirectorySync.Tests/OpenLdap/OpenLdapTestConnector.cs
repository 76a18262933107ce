using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PasswordSync.DirectorySync.Connectors.Ldap;
using PasswordSync.DirectorySync.Connectors.OpenLdap;

namespace PasswordSync.DirectorySync.Tests.OpenLdap;

/// <summary>The connector under test, wired as in the service, with every log line captured in memory.</summary>
internal sealed class OpenLdapTestConnector : IDisposable
{
    private readonly ILoggerFactory loggerFactory;
    private readonly LdapTrustDirectory trustDirectory = new();
    private readonly LdapConnectionPools pools = new(TimeProvider.System);

    public OpenLdapTestConnector()
    {
        Logs = new FakeLogCollector();
        loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(new FakeLoggerProvider(Logs)));
        var sessions = new LdapSessionFactory(trustDirectory, loggerFactory.CreateLogger<LdapSessionFactory>());
        Connector = new OpenLdapConnector(
            sessions,
            new OpenLdapConnections(sessions, pools, loggerFactory.CreateLogger<OpenLdapConnections>()),
            new AccountDnCache(TimeProvider.System),
            TimeProvider.System,
            loggerFactory.CreateLogger<OpenLdapConnector>());
    }

    public OpenLdapConnector Connector { get; }

    /// <summary>The connector's own pools (each test connector has its own, like a fresh process).</summary>
    public LdapConnectionPools Pools => pools;

    public FakeLogCollector Logs { get; }

    /// <summary>Every captured log line, with its structured values, as one text to search for secrets.</summary>
    public string AllLogText() => string.Join('\n', Logs.GetSnapshot().Select(record =>
        $"{record.Message} {record.Exception} "
        + string.Join(' ', record.StructuredState?.Select(pair => pair.Value) ?? [])));

    public void Dispose()
    {
        pools.Dispose();
        loggerFactory.Dispose();
        trustDirectory.Dispose();
    }
}
