using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Gateway.Tests.Jobs.Support;
using PasswordSync.Testing;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using VaultJobItemStatus = PasswordSync.Vault.V1.JobItemStatus;
using VaultJobState = PasswordSync.Vault.V1.JobState;

namespace PasswordSync.Gateway.Tests.Jobs;

/// <summary>
/// A batch whose commit fails after the directory took the new passwords: every password stays in the vault as the
/// record's pending rotation (noted on its job item), nothing is lost, and the job settles each by evidence once the
/// rotation leases expire. Real vault, directory-sync and slapd; only the batch commit call is made to fail.
/// </summary>
public sealed class BatchCommitFailureTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failed_batch_commit_leaves_every_new_password_pending_and_the_job_then_settles_them()
    {
        if (TestServers.Get("SLAPD_HOST") is null)
        {
            Assert.Skip("No slapd configured (PASSWORDSYNC_TEST_SERVERS).");
        }

        const int count = 12;
        var failing = new FailingBatchCommits();
        await using var gateway = new DoubledGateway(suite, services =>
                services.Configure<GrpcClientFactoryOptions>(nameof(RotationJournal.RotationJournalClient),
                    options => options.InterceptorRegistrations.Add(
                        new InterceptorRegistration(InterceptorScope.Client, _ => failing))),
            new Dictionary<string, string>
            {
                // Short rotation leases, so the settling after the failed commit happens within the test.
                ["Gateway:Sync:RotationLease"] = "00:00:40",
                ["Gateway:Sync:ApplyDeadline"] = "00:00:10",
                // A job lease long enough that a loaded machine cannot let it lapse: otherwise the fixture's own
                // gateway (which has no failing commits) could take the job over and the failure would never happen.
                ["Gateway:Jobs:Lease"] = "00:00:30",
                ["Gateway:Jobs:RenewInterval"] = "00:00:05",
            });
        using var seed = new VaultSeed(suite.Backends);
        var targetName = await SlapdTarget.EnsureAsync(seed, Cancel);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("perf-commitfail"));
        var initial = Enumerable.Range(0, count).Select(_ => SlapdAccounts.NewPassword()).ToList();
        var uids = SlapdAccounts.Create(initial);
        try
        {
            var records = new List<Vault.V1.Record>();
            for (var i = 0; i < count; i++)
            {
                records.Add(await seed.AddRecordAsync(list.Id, uids[i], AccountType.Ldap, targetName, initial[i]));
            }

            var started = await gateway.Sync(suite.AdminKey).BulkRotateAsync(new BulkRotateRequest
            {
                ListId = list.Id,
                Concurrency = 4,
            }, cancellationToken: Cancel);

            // The batch was applied, its commit failed: each record keeps the new password as its pending one.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (failing.FailedCommits == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, Cancel);
            }

            Assert.True(failing.FailedCommits > 0, "No batch commit was attempted within a minute.");
            var items = (await seed.ItemsAsync(started.Id)).ToDictionary(i => i.RecordId);
            using var binder = SlapdAccounts.Open();
            Assert.NotEmpty(failing.Applied);
            for (var i = 0; i < count; i++)
            {
                if (!failing.Applied.ContainsKey(records[i].Id))
                {
                    // Not applied in time on a loaded machine: pending too, and settled by evidence like the others.
                    continue;
                }

                var (rotationId, password) = failing.Begun[records[i].Id];
                var record = await seed.Records.GetRecordAsync(new Vault.V1.GetRecordRequest { Id = records[i].Id },
                    cancellationToken: Cancel);
                if (record.PendingRotation is null)
                {
                    // Already settled by evidence (its lease ran out): then it must be committed, checked below.
                    continue;
                }

                Assert.Equal(rotationId, record.PendingRotation.RotationId);
                Assert.Equal(rotationId, items[records[i].Id].RotationId);
                Assert.True(SlapdAccounts.CanBind(binder, uids[i], password), $"slapd does not hold the pending password of {uids[i]}");
            }

            var finished = await seed.WaitFinishedAsync(started.Id, TimeSpan.FromMinutes(3));
            Assert.Equal(VaultJobState.Completed, finished.State);
            Assert.Equal(count, finished.SucceededItems);
            Assert.All(await seed.ItemsAsync(started.Id), i => Assert.Equal(VaultJobItemStatus.Succeeded, i.Status));
            for (var i = 0; i < count; i++)
            {
                var current = (await seed.Records.RevealPasswordAsync(new Vault.V1.RevealPasswordRequest
                {
                    Id = records[i].Id,
                    Reason = "perf test: settled after a failed batch commit",
                }, cancellationToken: Cancel)).Password;
                if (failing.Applied.ContainsKey(records[i].Id))
                {
                    // The directory took it: settling by evidence must keep exactly that password.
                    Assert.Equal(failing.Begun[records[i].Id].Password, current);
                }

                Assert.True(SlapdAccounts.CanBind(binder, uids[i], current), $"slapd does not accept the vault's password for {uids[i]}");
            }
        }
        finally
        {
            SlapdAccounts.Delete(uids);
        }
    }
}
