using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.LocalRun.Tests.Harness;

namespace PasswordSync.LocalRun.Tests;

/// <summary>
/// ./run.sh without options, as the README's first command: a first start creates owner-only state and serves the API
/// to the bootstrap key; Ctrl-C leaves no process behind; a second start reuses the key ring, the PKI and the key, and
/// the data written before is still there.
/// </summary>
[Collection(WholeSuiteRuns.Name)]
public sealed class FirstAndSecondStartTests : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly LocalRunSettings settings = new();

    [Fact]
    public async Task First_start_creates_owner_only_state_serves_the_bootstrap_key_and_ctrl_c_stops_every_process()
    {
        await using var run = RunScriptProcess.Start(settings);
        await run.WaitForReadyAsync(ReadyTimeout);

        // The printed curl line's ingredients: the key file and the certificate it trusts.
        Assert.Contains(LocalGateway.KeyPath(settings), run.Output, StringComparison.Ordinal);
        Assert.Contains($"https://localhost:{settings.GatewayPort}", run.Output, StringComparison.Ordinal);
        AssertOwnerOnly(settings.StateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var secret in new[]
                 {
                     "vault.keyring", "vault.db", "gateway/bootstrap-admin.key", "gateway/public-certificate.key",
                     "pki/ca.key", "pki/vault.key", "pki/directory-sync.key", "pki/gateway.key",
                 })
        {
            AssertOwnerOnly(Path.Combine(settings.StateDirectory, secret), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using (var http = LocalGateway.Client(settings))
        {
            var lists = await JsonApi.GetAsync(http, "/v1/lists");
            Assert.NotNull(lists);
        }

        // The key is really checked: a wrong one is refused.
        using (var stranger = LocalGateway.Client(settings, "pws_not-a-real-key"))
        {
            using var refused = await stranger.GetAsync(new Uri("/v1/lists", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // A second run.sh on the same state folder (other ports) is refused: two would share one database.
        var otherPorts = new Dictionary<string, string>(settings.Environment)
        {
            ["PASSWORDSYNC_PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["PASSWORDSYNC_VAULT_PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["PASSWORDSYNC_VAULT_HEALTH_PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["PASSWORDSYNC_DIRECTORY_SYNC_PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["PASSWORDSYNC_DIRECTORY_SYNC_HEALTH_PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        };
        await using (var second = RunScriptProcess.Start(otherPorts))
        {
            Assert.Equal(2, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("another ./run.sh is already running with the state folder", second.Output, StringComparison.Ordinal);
        }

        var started = StartedProcesses.Of(run, settings);
        Assert.True(started.All.Count(p => p.Name == "dotnet") >= 3,
            $"Expected the three services among run.sh's processes: {string.Join(", ", started.All)}");
        await run.PressCtrlCAsync();
        var exitCode = await run.WaitForExitAsync(StopTimeout);

        Assert.Equal(130, exitCode); // 128 + SIGINT: stopped by the user, not by a failure
        Assert.Contains("Stopped.", run.Output, StringComparison.Ordinal);
        await started.AssertAllGoneAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Second_start_reuses_key_ring_pki_and_bootstrap_key_and_finds_the_data_of_the_first()
    {
        string listId;
        string firstKey;
        await using (var first = RunScriptProcess.Start(settings))
        {
            await first.WaitForReadyAsync(ReadyTimeout);
            Assert.Contains("Created the vault's key ring", first.Output, StringComparison.Ordinal);
            firstKey = LocalGateway.BootstrapKey(settings);
            using var http = LocalGateway.Client(settings);
            var list = await JsonApi.PostAsync(http, "/v1/lists", new JsonObject { ["name"] = "kept across restarts" });
            listId = (string)list["id"]!;
            var started = StartedProcesses.Of(first, settings);
            await first.TerminateAsync();
            Assert.Equal(143, await first.WaitForExitAsync(StopTimeout)); // 128 + SIGTERM
            await started.AssertAllGoneAsync(TimeSpan.FromSeconds(10));
        }

        var keyring = Fingerprint("vault.keyring");
        var ca = Fingerprint("pki/ca.pem");
        var publicCertificate = Fingerprint("gateway/public-certificate.pem");

        await using var second = RunScriptProcess.Start(settings);
        await second.WaitForReadyAsync(ReadyTimeout);

        Assert.DoesNotContain("Created the vault's key ring", second.Output, StringComparison.Ordinal);
        Assert.Equal(keyring, Fingerprint("vault.keyring"));
        Assert.Equal(ca, Fingerprint("pki/ca.pem"));
        Assert.Equal(publicCertificate, Fingerprint("gateway/public-certificate.pem"));
        Assert.Equal(firstKey, LocalGateway.BootstrapKey(settings));
        using (var http = LocalGateway.Client(settings, firstKey))
        {
            var list = await JsonApi.GetAsync(http, $"/v1/lists/{listId}");
            Assert.Equal("kept across restarts", (string?)list["name"]);
            // One bootstrap key, not one per start.
            var keys = await JsonApi.GetAsync(http, "/v1/apiKeys?pageSize=100");
            Assert.Single(keys["apiKeys"]!.AsArray(), key => (string?)key!["name"] == "bootstrap-admin");
        }

        var running = StartedProcesses.Of(second, settings);
        await second.PressCtrlCAsync();
        Assert.Equal(130, await second.WaitForExitAsync(StopTimeout));
        await running.AssertAllGoneAsync(TimeSpan.FromSeconds(10));
    }

    public void Dispose() => settings.Dispose();

    private string Fingerprint(string relativePath) =>
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(settings.StateDirectory, relativePath))));

    private static void AssertOwnerOnly(string path, UnixFileMode expected)
    {
        Assert.True(Path.Exists(path), $"{path} is missing.");
        Assert.Equal(expected, File.GetUnixFileMode(path));
    }
}
