using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.LocalRun.Tests.Harness;

namespace PasswordSync.LocalRun.Tests;

/// <summary>
/// ./run.sh --demo: a Samba AD DC of its own, registered through the public API as a target that passes its test, a
/// demo list ready for synchronisation whose records are in sync with the DC, save-and-sync against it; Ctrl-C stops
/// the services and every Samba process; a second start provisions and registers nothing again.
/// (The test's DC uses its own address and host name, so a developer's ./run.sh --demo may run meanwhile.)
/// </summary>
[Collection(WholeSuiteRuns.Name)]
public sealed class DemoDirectoryTests : IDisposable
{
    private const string ListName = "Demo: local Active Directory (demo.pwsync.test)";
    private static readonly string[] DemoUsers = ["pwsdemo-alice", "pwsdemo-backup", "pwsdemo-bob"];
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(90);

    private readonly LocalRunSettings settings = new();

    [Fact]
    public async Task Demo_directory_is_registered_once_its_records_sync_and_ctrl_c_stops_the_dc_too()
    {
        if (!DemoDirectory.CanRun(out var whyNot))
        {
            Assert.Skip(whyNot);
        }

        var newPassword = "Lr-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)) + "-k9!";
        await using (var first = RunScriptProcess.Start(settings, "--demo"))
        {
            try
            {
                await first.WaitForReadyAsync(ReadyTimeout);
                Assert.Contains("Provisioning the demo Active Directory", first.Output, StringComparison.Ordinal);
                Assert.Contains("ready", first.Output, StringComparison.Ordinal);

                using var http = LocalGateway.Client(settings);
                var targetId = await SingleDemoTargetAsync(http);
                var test = await JsonApi.PostAsync(http, $"/v1/targets/{targetId}:test", new JsonObject());
                Assert.True((bool?)test["ok"] == true, $"The demo target's test failed: {test}");

                var records = await DemoRecordsAsync(http);
                foreach (var record in records)
                {
                    Assert.True((bool?)record["syncEnabled"] == true, $"Not sync-enabled: {record}");
                    await AssertInSyncAsync(http, (string)record["id"]!);
                }

                // Save and sync against the demo DC, and proof from outside PasswordSync that the DC took it.
                // Read again: a check records its result on the record, so the version moved on.
                var aliceId = (string)records.Single(r => (string?)r["userName"] == "pwsdemo-alice")["id"]!;
                var alice = await JsonApi.GetAsync(http, $"/v1/records/{aliceId}");
                var outcome = await JsonApi.PostAsync(http, $"/v1/records/{alice["id"]}:saveAndSync",
                    new JsonObject { ["version"] = alice["version"]!.DeepClone(), ["newPassword"] = newPassword });
                Assert.True((bool?)outcome["verified"] == true && (bool?)outcome["vaultUpdated"] == true, $"{outcome}");
                Assert.True(await DemoDirectory.AcceptsAsync(settings, "pwsdemo-alice", newPassword),
                    "The demo DC does not accept the password save-and-sync reported as set.");
                Assert.False(await DemoDirectory.AcceptsAsync(settings, "pwsdemo-bob", newPassword),
                    "The bind check accepts a wrong password: it proves nothing.");
                // The printed lines must not show any password (the demo accounts' or the DC administrator's).
                Assert.DoesNotContain(newPassword, first.Output, StringComparison.Ordinal);
                Assert.DoesNotContain(
                    (await File.ReadAllTextAsync(Path.Combine(settings.DemoDirectory, "admin-password"),
                        TestContext.Current.CancellationToken)).Trim(),
                    first.Output, StringComparison.Ordinal);

                var started = StartedProcesses.Of(first, settings);
                Assert.Contains(started.All, p => p.Name == "samba");
                Assert.Contains(started.All, p => p.Name == "smbd");
                await first.PressCtrlCAsync();
                Assert.Equal(130, await first.WaitForExitAsync(StopTimeout));
                await started.AssertAllGoneAsync(TimeSpan.FromSeconds(15));
            }
            finally
            {
                await StopDemoDcAsync();
            }
        }

        await using var second = RunScriptProcess.Start(settings, "--demo");
        try
        {
            await second.WaitForReadyAsync(ReadyTimeout);
            foreach (var firstTimeOnly in new[] { "Provisioning", "Registered the demo DC", "Created the demo list", "set a new password" })
            {
                Assert.DoesNotContain(firstTimeOnly, second.Output, StringComparison.Ordinal);
            }

            using var http = LocalGateway.Client(settings);
            await SingleDemoTargetAsync(http);
            var records = await DemoRecordsAsync(http);
            // The password saved in the first run is still the vault's and the DC's.
            await AssertInSyncAsync(http, (string)records.Single(r => (string?)r["userName"] == "pwsdemo-alice")["id"]!);

            var running = StartedProcesses.Of(second, settings);
            await second.PressCtrlCAsync();
            Assert.Equal(130, await second.WaitForExitAsync(StopTimeout));
            await running.AssertAllGoneAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            await StopDemoDcAsync();
        }
    }

    public void Dispose() => settings.Dispose();

    /// <summary>Exactly one target answers to the demo domain (a second start must not register another).</summary>
    private static async Task<string> SingleDemoTargetAsync(HttpClient http)
    {
        var targets = await JsonApi.GetAsync(http, "/v1/targets?pageSize=100");
        var demo = Assert.Single(targets["targets"]!.AsArray(),
            t => t!["names"]!.AsArray().Any(n => string.Equals((string?)n, LocalRunSettings.DemoRealm, StringComparison.OrdinalIgnoreCase)));
        Assert.Contains($"{LocalRunSettings.DemoFqdn}:636", demo!["endpoints"]!.AsArray().Select(e => (string?)e));
        return (string)demo["id"]!;
    }

    /// <summary>Exactly one demo list, ready, with one record per demo account, each with a password.</summary>
    private static async Task<IReadOnlyList<JsonNode>> DemoRecordsAsync(HttpClient http)
    {
        var lists = await JsonApi.GetAsync(http, "/v1/lists?pageSize=100");
        var list = Assert.Single(lists["lists"]!.AsArray(), l => (string?)l!["name"] == ListName);
        var listId = (string)list!["id"]!;
        var readiness = await JsonApi.GetAsync(http, $"/v1/lists/{listId}/readiness");
        Assert.True((bool?)readiness["ready"] == true, $"The demo list is not ready: {readiness}");

        var records = (await JsonApi.GetAsync(http, $"/v1/lists/{listId}/records?pageSize=100"))["records"]!.AsArray()
            .Select(r => r!).ToList();
        Assert.Equal(DemoUsers, records.Select(r => (string)r["userName"]!).Order());
        Assert.All(records, r => Assert.True((bool?)r["hasPassword"] == true, $"No password: {r}"));
        return records;
    }

    private static async Task AssertInSyncAsync(HttpClient http, string recordId)
    {
        var check = await JsonApi.PostAsync(http, $"/v1/records/{recordId}:checkPassword", new JsonObject());
        Assert.Equal("CHECK_STATUS_IN_SYNC", (string?)check["status"]);
    }

    /// <summary>Whatever happened above, the test's DC does not outlive the test.</summary>
    private async Task StopDemoDcAsync()
    {
        using var stop = System.Diagnostics.Process.Start(Path.Combine(Repository.DemoScripts, "demo-dc-stop.sh"),
            [settings.DemoDirectory]);
        await stop.WaitForExitAsync(TestContext.Current.CancellationToken);
    }
}
