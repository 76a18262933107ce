using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Auth;

/// <summary>
/// The first-start admin key, on a fresh vault per test (no BackendsFixture: its admin key would make the bootstrap
/// unnecessary). Gateways run in-process with their logs captured.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are the point; the suite runs on Linux
public sealed class BootstrapAdminKeyTests : IAsyncLifetime
{
    private const string Created = "[4101]";
    private const string Reused = "[4102]";
    private const string AdminExists = "[4103]";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<IAsyncDisposable> gateways = [];
    private BackendProcesses backends = null!;
    private string stateDirectory = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string KeyPath => Path.Combine(stateDirectory, "bootstrap-admin.key");

    public async ValueTask InitializeAsync()
    {
        backends = await BackendProcesses.StartAsync();
        stateDirectory = Path.Combine(backends.StateDirectory, "gateway-state");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in gateways)
        {
            await gateway.DisposeAsync();
        }

        await backends.DisposeAsync();
    }

    [Fact]
    public async Task First_start_writes_an_owner_only_admin_key_once_even_when_two_gateways_start_together()
    {
        var (first, firstLogs) = Start();
        var (second, secondLogs) = Start();

        // Both start at once (the server starts on first use); one creates the key, the other finds it (in the file
        // or in the vault, depending on who gets there first).
        await Task.WhenAll(Task.Run(() => first.Server, Ct), Task.Run(() => second.Server, Ct));
        var lines = await Task.WhenAll(
            firstLogs.WaitForAnyAsync(Patience, Created, Reused, AdminExists),
            secondLogs.WaitForAnyAsync(Patience, Created, Reused, AdminExists));

        Assert.Single(lines, l => l.Contains(Created, StringComparison.Ordinal) && l.Contains(KeyPath, StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        var key = (await File.ReadAllTextAsync(KeyPath, Ct)).Trim();
        Assert.Matches("^pws_[A-Za-z0-9]{43}$", key);
        var keys = await ListKeysAsync(first, key);
        var stored = Assert.Single(keys.ApiKeys);
        Assert.Equal([Permission.Admin], stored.Permissions);

        // A restart reuses the file: no second key.
        var (third, thirdLogs) = Start();
        _ = third.Server;
        var reused = await thirdLogs.WaitForAnyAsync(Patience, Created, Reused, AdminExists);
        Assert.Contains(Reused, reused, StringComparison.Ordinal);
        Assert.Contains(KeyPath, reused, StringComparison.Ordinal);
        Assert.Single((await ListKeysAsync(third, key)).ApiKeys);

        foreach (var logs in new[] { firstLogs, secondLogs, thirdLogs })
        {
            Assert.DoesNotContain(key, logs.Text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(key, backends.Vault.Output, StringComparison.Ordinal);
        SecretSearch.AssertNotInVaultFiles(backends, key);
    }

    [Fact]
    public async Task A_configured_key_is_registered_as_admin_and_no_file_is_written()
    {
        var configured = "pws_" + string.Concat(Enumerable.Range(0, 43).Select(i => "abcXYZ0189"[Random.Shared.Next(10)]));
        var (gateway, logs) = Start(new Dictionary<string, string> { ["Gateway:Auth:BootstrapKey"] = configured });
        _ = gateway.Server;

        var line = await logs.WaitForAsync("Gateway:Auth:BootstrapKey", Patience);

        Assert.Contains("newly: True", line, StringComparison.Ordinal);
        Assert.Equal([Permission.Admin], Assert.Single((await ListKeysAsync(gateway, configured)).ApiKeys).Permissions);
        Assert.False(File.Exists(KeyPath));
        Assert.DoesNotContain(configured, logs.Text, StringComparison.Ordinal);
        SecretSearch.AssertNotInVaultFiles(backends, configured);

        var (again, againLogs) = Start(new Dictionary<string, string> { ["Gateway:Auth:BootstrapKey"] = configured });
        _ = again.Server;
        Assert.Contains("newly: False", await againLogs.WaitForAsync("Gateway:Auth:BootstrapKey", Patience),
            StringComparison.Ordinal);
        Assert.Single((await ListKeysAsync(again, configured)).ApiKeys);
    }

    [Fact]
    public async Task When_the_vault_already_has_an_admin_key_no_file_is_written()
    {
        var direct = new InProcessGateway(backends);
        gateways.Add(direct);
        var existing = await direct.CreateAdminKeyAsync();
        var (gateway, logs) = Start();
        _ = gateway.Server;

        Assert.Contains(AdminExists, await logs.WaitForAnyAsync(Patience, Created, Reused, AdminExists),
            StringComparison.Ordinal);

        Assert.False(File.Exists(KeyPath));
        Assert.False(File.Exists(KeyPath + ".lock"));
        Assert.Single((await ListKeysAsync(gateway, existing)).ApiKeys);
    }

    [Fact]
    public async Task An_unreachable_vault_is_retried_a_bounded_number_of_times_with_a_clear_log()
    {
        var (gateway, logs) = Start(new Dictionary<string, string>
        {
            ["Gateway:Vault:Address"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Gateway:Auth:BootstrapAttempts"] = "3",
            ["Gateway:Auth:BootstrapRetryDelay"] = "00:00:00.100",
        });
        _ = gateway.Server;

        var gaveUp = await logs.WaitForAsync("gave up after 3 attempts", Patience);

        Assert.Equal(2, logs.Lines.Count(l => l.Contains("the vault is not reachable yet", StringComparison.Ordinal)));
        Assert.StartsWith("Error", gaveUp, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyPath));
    }

    private (WebApplicationFactory<Program> Gateway, CapturedLogs Logs) Start(
        Dictionary<string, string>? settings = null)
    {
        var configuration = new Dictionary<string, string> { ["Gateway:StateDirectory"] = stateDirectory };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        var logs = new CapturedLogs();
        var root = new InProcessGateway(backends, configuration);
        var gateway = root.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<ILoggerProvider>(logs)));
        gateways.Add(gateway);
        gateways.Add(root);
        return (gateway, logs);
    }

    private static async Task<ListApiKeysResponse> ListKeysAsync(WebApplicationFactory<Program> gateway, string key)
    {
        var client = new V1.Admin.AdminClient(GatewayClients.Channel(gateway, GatewayClients.Bearer(key)));
        try
        {
            return await client.ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct);
        }
        catch (RpcException e)
        {
            throw new InvalidOperationException($"The bootstrap key does not work: {e.Status}", e);
        }
    }
}
