using System.Diagnostics;
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
/// Bulk rotations of hundreds of real accounts with the real engines (rotator, resolver), the real vault and
/// directory-sync processes: every password is proven by an independent bind afterwards, and the rate is written to
/// the test output (the benchmark harness measures it properly; this keeps the batched path honest).
/// </summary>
public sealed class BulkRotationThroughputTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_job_of_three_hundred_slapd_accounts_leaves_every_password_equal_to_the_vaults(bool verify)
    {
        if (TestServers.Get("SLAPD_HOST") is null)
        {
            Assert.Skip("No slapd configured (PASSWORDSYNC_TEST_SERVERS).");
        }

        const int count = 300;
        await using var gateway = new DoubledGateway(suite, _ => { });
        using var seed = new VaultSeed(suite.Backends);
        var targetName = await SlapdTarget.EnsureAsync(seed, Cancel);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("perf-slapd"));
        var initial = Enumerable.Range(0, count).Select(_ => SlapdAccounts.NewPassword()).ToList();
        var uids = SlapdAccounts.Create(initial);
        try
        {
            var records = new List<Vault.V1.Record>(count);
            for (var i = 0; i < count; i++)
            {
                records.Add(await seed.AddRecordAsync(list.Id, uids[i], AccountType.Ldap, targetName, initial[i]));
            }

            var watch = Stopwatch.StartNew();
            var started = await gateway.Sync(suite.AdminKey).BulkRotateAsync(new BulkRotateRequest
            {
                ListId = list.Id,
                VerifyAfterSet = verify,
                Concurrency = 4,
            }, cancellationToken: Cancel);
            var finished = await seed.WaitFinishedAsync(started.Id, TimeSpan.FromMinutes(5));
            watch.Stop();
            Report($"slapd bulk rotation (verify={verify}): {count} in {watch.Elapsed.TotalSeconds:F2}s = {count / watch.Elapsed.TotalSeconds:F0}/s");

            Assert.Equal(VaultJobState.Completed, finished.State);
            Assert.Equal(count, finished.SucceededItems);
            using var binder = SlapdAccounts.Open();
            for (var i = 0; i < count; i++)
            {
                var current = (await seed.Records.RevealPasswordAsync(new Vault.V1.RevealPasswordRequest
                {
                    Id = records[i].Id,
                    Reason = "perf test: compare with slapd",
                }, cancellationToken: Cancel)).Password;
                Assert.NotEqual(initial[i], current);
                Assert.True(SlapdAccounts.CanBind(binder, uids[i], current), $"slapd does not accept the vault's password for {uids[i]}");
                Assert.False(SlapdAccounts.CanBind(binder, uids[i], initial[i]), $"slapd still accepts the old password of {uids[i]}");
            }
        }
        finally
        {
            SlapdAccounts.Delete(uids);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_job_of_sixty_AD_accounts_leaves_every_password_equal_to_the_vaults(bool verify)
    {
        if (TestServers.Get("SAMBA_HOST") is null)
        {
            Assert.Skip("No Samba AD DC configured (PASSWORDSYNC_TEST_SERVERS).");
        }

        const int count = 60;
        await using var gateway = new DoubledGateway(suite, _ => { });
        using var seed = new VaultSeed(suite.Backends);
        var existing = await seed.Targets.ListTargetsAsync(new Vault.V1.ListTargetsRequest(), cancellationToken: Cancel);
        if (!existing.Targets.Any(t => t.Names.Contains(RotationDomain.Realm, StringComparer.OrdinalIgnoreCase)))
        {
            await seed.CreateAdTargetAsync(RotationDomain.Realm, $"{RotationDomain.Host}:{RotationDomain.Port}",
                RotationDomain.CaPem, RotationDomain.BaseDn, RotationDomain.AdminUser, RotationDomain.AdminPassword);
        }

        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("perf-ad"));
        var accounts = new List<(RotUser User, string Initial, Vault.V1.Record Record)>();
        for (var i = 0; i < count; i++)
        {
            var password = RotationDomain.NewPassword();
            var user = RotationDomain.CreateUser(password);
            accounts.Add((user, password, await seed.AddRecordAsync(list.Id, user.Name, AccountType.Windows, RotationDomain.Realm, password)));
        }

        var watch = Stopwatch.StartNew();
        var started = await gateway.Sync(suite.AdminKey).BulkRotateAsync(new BulkRotateRequest
        {
            ListId = list.Id,
            VerifyAfterSet = verify,
            Concurrency = 4,
        }, cancellationToken: Cancel);
        var finished = await seed.WaitFinishedAsync(started.Id, TimeSpan.FromMinutes(5));
        watch.Stop();
        Report($"AD bulk rotation (verify={verify}): {count} in {watch.Elapsed.TotalSeconds:F2}s = {count / watch.Elapsed.TotalSeconds:F1}/s");

        Assert.Equal(VaultJobState.Completed, finished.State);
        Assert.Equal(count, finished.SucceededItems);
        foreach (var (user, initialPassword, record) in accounts)
        {
            var current = (await seed.Records.RevealPasswordAsync(new Vault.V1.RevealPasswordRequest
            {
                Id = record.Id,
                Reason = "perf test: compare with AD",
            }, cancellationToken: Cancel)).Password;
            Assert.NotEqual(initialPassword, current);
            Assert.True(RotationDomain.CanBind(user, current), $"AD does not accept the vault's password for {user.Name}");
        }
    }

    /// <summary>The rate goes to the test output, and to PASSWORDSYNC_PERF_LOG when set (to compare runs by hand).</summary>
    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (Environment.GetEnvironmentVariable("PASSWORDSYNC_PERF_LOG") is { Length: > 0 } path)
        {
            File.AppendAllText(path, $"{DateTimeOffset.UtcNow:u} {line}\n");
        }
    }
}
