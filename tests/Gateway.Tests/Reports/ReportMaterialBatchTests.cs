using Microsoft.Extensions.DependencyInjection;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Gateway.Tests.Jobs.Support;
using PasswordSync.V1;
using DirectorySync = PasswordSync.Directory.V1.DirectorySync;

namespace PasswordSync.Gateway.Tests.Reports;

/// <summary>
/// The report's sync-material batcher gathers the checks that ask within its linger into one vault call (real vault,
/// counted; directory-sync is <see cref="ScriptedDirectory"/>, a test double).
/// </summary>
public sealed class ReportMaterialBatchTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Checks_that_ask_within_the_linger_share_one_vault_call_and_each_is_still_answered()
    {
        using var seed = new VaultSeed(suite.Backends);
        using var vault = new CountedVaultCalls(suite.Backends);
        var directory = new ScriptedDirectory();
        await using var gateway = new DoubledGateway(suite, s =>
        {
            s.AddSingleton<DirectorySync.DirectorySyncClient>(directory);
            vault.Register(s);
        }, new Dictionary<string, string> { ["Gateway:Reports:MaterialBatchLinger"] = "00:00:00.500" });
        var domain = VaultSeed.Unique("rmb") + ".test";
        await seed.CreateAdTargetAsync(domain);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("report-material"));
        for (var i = 0; i < 12; i++)
        {
            await seed.AddRecordAsync(list.Id, $"rmb-{i:D2}", AccountType.Windows, domain);
        }

        var events = await ReportEvents.ReadAllAsync(gateway.Sync(suite.AdminKey).SyncReport(
            new SyncReportRequest { ListId = list.Id, Concurrency = 4 }, cancellationToken: Cancel));

        Assert.Equal(12, events.Count(e => e.Result is not null));
        Assert.Equal(12, events[^1].Summary.CountsByStatus["CHECK_STATUS_IN_SYNC"]);
        // 3 × 4 records are admitted at once and ask within the half second: one call (two if the first left before
        // the last was admitted), where each would otherwise have had its own.
        Assert.InRange(vault.Of("GetSyncMaterials"), 1, 2);
        Assert.Equal(0, vault.Of("GetSyncMaterial"));
    }
}
