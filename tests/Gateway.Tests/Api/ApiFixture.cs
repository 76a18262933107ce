using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Testing;
using PasswordSync.V1;
using ApiPermission = PasswordSync.Vault.V1.ApiPermission;
using AuditLogService = PasswordSync.Vault.V1.AuditLogService;
using QueryAuditRequest = PasswordSync.Vault.V1.QueryAuditRequest;
using VaultAuditEvent = PasswordSync.Vault.V1.AuditEvent;

namespace PasswordSync.Gateway.Tests.Api;

/// <summary>
/// The shared backends (real vault and directory-sync processes, gateway in-process) plus what the resource API tests
/// need: the gateway's logs captured in memory and the public clients for a key. Tests make their own lists, records
/// and targets with unique names, so they do not depend on each other or on run order.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly BackendsFixture suite = new();

    public LogCapture GatewayLogs { get; } = new();

    public InProcessGateway Gateway => suite.Gateway;

    public BackendProcesses Backends => suite.Backends;

    public string AdminKey => suite.AdminKey;

    public async ValueTask InitializeAsync()
    {
        await suite.InitializeAsync();
        // Added after start-up: the logger factory hands the provider to loggers that already exist too.
        suite.Gateway.Services.GetRequiredService<ILoggerFactory>().AddProvider(GatewayLogs);
    }

    public ValueTask DisposeAsync() => suite.DisposeAsync();

    public GrpcChannel Channel(string key) => Gateway.Channel(key);

    public V1.Lists.ListsClient Lists(string key) => new(Channel(key));

    public V1.Records.RecordsClient Records(string key) => new(Channel(key));

    public V1.Targets.TargetsClient Targets(string key) => new(Channel(key));

    public V1.Passwords.PasswordsClient Passwords(string key) => new(Channel(key));

    public Task<string> KeyAsync(string name, IEnumerable<ApiPermission> permissions, IEnumerable<string>? listIds = null) =>
        Gateway.CreateApiKeyAsync($"{name}-{Guid.NewGuid():N}", permissions, listIds);

    /// <summary>Fails when a secret reached the gateway's, the vault's or directory-sync's logs.</summary>
    public void AssertNoLogContains(params string[] secrets)
    {
        GatewayLogs.AssertNoneContains(secrets);
        foreach (var secret in secrets.Where(s => s.Length > 0))
        {
            // Assert.False, not DoesNotContain: a failure message must not print the secret either.
            Assert.False(Backends.Vault.Output.Contains(secret, StringComparison.Ordinal), "A secret reached the vault's log.");
            Assert.False(Backends.DirectorySync.Output.Contains(secret, StringComparison.Ordinal),
                "A secret reached directory-sync's log.");
        }
    }

    /// <summary>
    /// The vault's audit events of a record, read from the vault directly (the public audit query is the admin API's).
    /// </summary>
    public async Task<IReadOnlyList<VaultAuditEvent>> VaultAuditOfRecordAsync(string recordId)
    {
        using var channel = GrpcChannel.ForAddress(Backends.VaultAddress);
        var response = await new AuditLogService.AuditLogServiceClient(channel).QueryAuditAsync(
            new QueryAuditRequest { RecordId = recordId, PageSize = 1000 },
            cancellationToken: TestContext.Current.CancellationToken);
        return response.Events;
    }

    /// <summary>A list ready for synchronisation: User Name, Account Type and a generic field "Domain or Host".</summary>
    public static PasswordList ReadyList(string name) => new()
    {
        Name = $"{name}-{Guid.NewGuid():N}",
        StandardFields = { StandardField.Title, StandardField.UserName, StandardField.AccountType, StandardField.Notes },
        GenericFields = { new GenericField { Key = "generic1", Label = "Domain or Host" } },
    };
}
