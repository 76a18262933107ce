using PasswordSync.Common.V1;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Gateway.Tests.Jobs.Support;
using PasswordSync.Gateway.Tests.Rotations;
using PasswordSync.Testing;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using VaultJobState = PasswordSync.Vault.V1.JobState;

namespace PasswordSync.Gateway.Tests.Jobs;

/// <summary>
/// Bulk rotation and the sync report end to end with the REAL engines (checker, rotator, resolver), the real vault and
/// directory-sync processes and the shared Samba AD DC; what AD holds is proven by independent LDAP binds.
/// </summary>
public sealed class RealDirectoryJobTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_bulk_rotation_of_twenty_accounts_leaves_every_AD_password_equal_to_the_vaults()
    {
        await using var world = await RealWorld.StartAsync(suite);
        var accounts = new List<(RotUser User, string Initial, Vault.V1.Record Record)>();
        for (var i = 0; i < 20; i++)
        {
            var initial = RotationDomain.NewPassword();
            var user = RotationDomain.CreateUser(initial);
            accounts.Add((user, initial, await world.Seed.AddRecordAsync(world.List.Id, user.Name, AccountType.Windows, RotationDomain.Realm, initial)));
        }

        var started = await world.Sync.BulkRotateAsync(new BulkRotateRequest
        {
            ListId = world.List.Id,
            VerifyAfterSet = true,
            Concurrency = 4,
        }, cancellationToken: Cancel);
        var finished = await world.Seed.WaitFinishedAsync(started.Id, TimeSpan.FromMinutes(3));

        Assert.Equal(VaultJobState.Completed, finished.State);
        Assert.Equal(20, finished.SucceededItems);
        foreach (var (user, initial, record) in accounts)
        {
            var current = (await world.Seed.Records.RevealPasswordAsync(new Vault.V1.RevealPasswordRequest
            {
                Id = record.Id,
                Reason = "job test: compare with AD",
            }, cancellationToken: Cancel)).Password;
            Assert.NotEqual(initial, current);
            Assert.True(RotationDomain.CanBind(user, current), $"AD does not accept the vault's password for {user.Name}");
        }
    }

    [Fact]
    public async Task A_dry_run_changes_nothing_in_AD_or_the_vault()
    {
        await using var world = await RealWorld.StartAsync(suite);
        var initial = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(initial);
        var record = await world.Seed.AddRecordAsync(world.List.Id, user.Name, AccountType.Windows, RotationDomain.Realm, initial);
        var pwdLastSet = RotationDomain.Read(user, "pwdLastSet");

        var started = await world.Sync.BulkRotateAsync(new BulkRotateRequest { ListId = world.List.Id, DryRun = true },
            cancellationToken: Cancel);
        var finished = await world.Seed.WaitFinishedAsync(started.Id, TimeSpan.FromMinutes(1));
        var after = await world.Seed.Records.GetRecordAsync(new Vault.V1.GetRecordRequest { Id = record.Id }, cancellationToken: Cancel);

        Assert.Equal(VaultJobState.Completed, finished.State);
        Assert.Equal(1, finished.SucceededItems);
        Assert.Equal(pwdLastSet, RotationDomain.Read(user, "pwdLastSet")); // AD never written
        Assert.Equal(record.Version, after.Version);
        Assert.Equal(initial, (await world.Seed.Records.RevealPasswordAsync(new Vault.V1.RevealPasswordRequest
        {
            Id = record.Id,
            Reason = "job test: unchanged",
        }, cancellationToken: Cancel)).Password);
    }

    [Fact]
    public async Task The_report_tells_in_sync_mismatched_and_not_sync_enabled_records_apart()
    {
        await using var world = await RealWorld.StartAsync(suite);
        var password = RotationDomain.NewPassword();
        var inSyncUser = RotationDomain.CreateUser(password);
        var inSync = await world.Seed.AddRecordAsync(world.List.Id, inSyncUser.Name, AccountType.Windows, RotationDomain.Realm, password);
        var driftedUser = RotationDomain.CreateUser(RotationDomain.NewPassword());
        var mismatched = await world.Seed.AddRecordAsync(world.List.Id, driftedUser.Name, AccountType.Windows, RotationDomain.Realm, RotationDomain.NewPassword());
        var web = await world.Seed.AddRecordAsync(world.List.Id, "job-web-" + Guid.NewGuid().ToString("N")[..6], AccountType.Web, RotationDomain.Realm);

        using var call = world.Sync.SyncReport(new SyncReportRequest { ListId = world.List.Id }, cancellationToken: Cancel);
        var events = new List<SyncReportEvent>();
        while (await call.ResponseStream.MoveNext(Cancel))
        {
            events.Add(call.ResponseStream.Current);
        }

        var results = events.Where(e => e.EventCase == SyncReportEvent.EventOneofCase.Result)
            .ToDictionary(e => e.Result.RecordId, e => e.Result);
        Assert.Equal(CheckStatus.InSync, results[inSync.Id].Status);
        Assert.Equal(CheckStatus.Mismatch, results[mismatched.Id].Status);
        Assert.Equal(CheckStatus.NotSyncEnabled, results[web.Id].Status);
        Assert.Equal(3, events[^1].Summary.Total);
    }

    /// <summary>A gateway with the real engines, the test DC registered as an AD target and a ready list.</summary>
    private sealed class RealWorld : IAsyncDisposable
    {
        private RealWorld(DoubledGateway gateway, VaultSeed seed, string adminKey)
        {
            Gateway = gateway;
            Seed = seed;
            Sync = gateway.Sync(adminKey);
        }

        public DoubledGateway Gateway { get; }

        public VaultSeed Seed { get; }

        public V1.Sync.SyncClient Sync { get; }

        public Vault.V1.PasswordList List { get; private set; } = new();

        public static async Task<RealWorld> StartAsync(BackendsFixture suite)
        {
            if (TestServers.Get("SAMBA_HOST") is null)
            {
                Assert.Skip("No Samba AD DC configured (PASSWORDSYNC_TEST_SERVERS).");
            }

            var world = new RealWorld(new DoubledGateway(suite, _ => { }), new VaultSeed(suite.Backends), suite.AdminKey);
            var existing = await world.Seed.Targets.ListTargetsAsync(new Vault.V1.ListTargetsRequest(), cancellationToken: Cancel);
            if (!existing.Targets.Any(t => t.Names.Contains(RotationDomain.Realm, StringComparer.OrdinalIgnoreCase)))
            {
                await world.Seed.CreateAdTargetAsync(RotationDomain.Realm, $"{RotationDomain.Host}:{RotationDomain.Port}", RotationDomain.CaPem,
                    RotationDomain.BaseDn, RotationDomain.AdminUser, RotationDomain.AdminPassword);
            }

            world.List = await world.Seed.CreateReadyListAsync(VaultSeed.Unique("job-real"));
            return world;
        }

        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            Seed.Dispose();
        }
    }
}
