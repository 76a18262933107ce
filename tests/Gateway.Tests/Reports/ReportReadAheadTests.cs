using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using PasswordSync.Common.V1;
using PasswordSync.Directory.V1;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Sync.Checks;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Gateway.Tests.Jobs.Support;
using PasswordSync.V1;
using CheckStatus = PasswordSync.V1.CheckStatus;
using DirectorySync = PasswordSync.Directory.V1.DirectorySync;
using Target = PasswordSync.Directory.V1.Target;

namespace PasswordSync.Gateway.Tests.Reports;

/// <summary>
/// The sync report's account-state read-ahead on Active Directory targets (AccountStateReadAhead) and the check
/// engine's rule for using a state read before the check took the account's lock. Real vault, real engine;
/// directory-sync is <see cref="ScriptedDirectory"/> (a test double: these targets have no directory behind them and
/// the tests count the calls). Against the real DC: Checks/SyncReportOnDirectoryTests.
/// </summary>
public sealed class ReportReadAheadTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_report_reads_the_states_of_many_accounts_in_one_call_within_its_concurrency()
    {
        using var seed = new VaultSeed(suite.Backends);
        var directory = new ScriptedDirectory { ReadsStatesInBatches = true };
        await using var gateway = new DoubledGateway(suite, s => s.AddSingleton<DirectorySync.DirectorySyncClient>(directory),
            new Dictionary<string, string>
            {
                ["Gateway:Reports:StateReadAhead"] = "20",
                // Long enough that no state is outdated on a slow machine: this test counts calls.
                ["Gateway:Reports:StateReadAheadMaxAge"] = "00:00:30",
            });
        var domain = VaultSeed.Unique("rra") + ".test";
        var target = await seed.CreateAdTargetAsync(domain);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("read-ahead"));
        for (var i = 0; i < 45; i++)
        {
            await seed.AddRecordAsync(list.Id, $"rra-{i:D2}", AccountType.Windows, domain);
        }

        var events = await ReportEvents.ReadAllAsync(gateway.Sync(suite.AdminKey).SyncReport(
            new SyncReportRequest { ListId = list.Id, Concurrency = 4 }, cancellationToken: Cancel));

        Assert.Equal(45, events[^1].Summary.CountsByStatus["CHECK_STATUS_IN_SYNC"]);
        Assert.Equal(45, directory.Binds);
        // Every check found its state read ahead: no account was read on its own, and 45 accounts took a few calls
        // (20 at most each; a check that asks while another's call is still on its way starts its own).
        Assert.Equal(0, directory.StateReads);
        Assert.InRange(directory.BatchStateReads, 3, 12);
        Assert.InRange(directory.StatesReadInBatches, 45, 45 + 12);
        Assert.InRange(directory.MaxInFlight(target.Id), 1, 4);
    }

    [Fact]
    public async Task A_directory_sync_without_the_batch_call_gets_one_state_read_per_check()
    {
        using var seed = new VaultSeed(suite.Backends);
        var directory = new ScriptedDirectory(); // answers GetAccountStates Unimplemented, as an older version does
        await using var gateway = new DoubledGateway(suite, s => s.AddSingleton<DirectorySync.DirectorySyncClient>(directory));
        var domain = VaultSeed.Unique("rro") + ".test";
        await seed.CreateAdTargetAsync(domain);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("read-ahead-old"));
        for (var i = 0; i < 10; i++)
        {
            await seed.AddRecordAsync(list.Id, $"rro-{i}", AccountType.Windows, domain);
        }

        var events = await ReportEvents.ReadAllAsync(gateway.Sync(suite.AdminKey).SyncReport(
            new SyncReportRequest { ListId = list.Id, Concurrency = 2 }, cancellationToken: Cancel));

        Assert.Equal(10, events[^1].Summary.CountsByStatus["CHECK_STATUS_IN_SYNC"]);
        Assert.Equal(10, directory.StateReads);
        Assert.Equal(0, directory.BatchStateReads);
    }

    [Fact]
    public async Task States_older_than_allowed_when_their_check_binds_are_read_again()
    {
        using var seed = new VaultSeed(suite.Backends);
        var directory = new ScriptedDirectory { ReadsStatesInBatches = true, BindTime = TimeSpan.FromMilliseconds(100) };
        await using var gateway = new DoubledGateway(suite, s => s.AddSingleton<DirectorySync.DirectorySyncClient>(directory),
            new Dictionary<string, string> { ["Gateway:Reports:StateReadAheadMaxAge"] = "00:00:00.010" });
        var domain = VaultSeed.Unique("rrt") + ".test";
        await seed.CreateAdTargetAsync(domain);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("read-ahead-age"));
        for (var i = 0; i < 6; i++)
        {
            await seed.AddRecordAsync(list.Id, $"rrt-{i}", AccountType.Windows, domain);
        }

        var events = await ReportEvents.ReadAllAsync(gateway.Sync(suite.AdminKey).SyncReport(
            new SyncReportRequest { ListId = list.Id, Concurrency = 1 }, cancellationToken: Cancel));

        Assert.Equal(6, events[^1].Summary.CountsByStatus["CHECK_STATUS_IN_SYNC"]);
        // One at a time, 100 ms per bind: every check after the first binds at least 100 ms after the read ahead.
        Assert.True(directory.BatchStateReads >= 1, "nothing was read ahead");
        Assert.InRange(directory.StateReads, 5, 6);
    }

    [Fact]
    public async Task The_engine_binds_on_a_state_read_ahead_only_while_no_other_work_on_the_account_ended_since()
    {
        using var seed = new VaultSeed(suite.Backends);
        var directory = new ScriptedDirectory();
        await using var gateway = new DoubledGateway(suite, s => s.AddSingleton<DirectorySync.DirectorySyncClient>(directory));
        var engine = gateway.Services.GetRequiredService<CheckEngine>();
        var locks = gateway.Services.GetRequiredService<AccountLocks>();
        var target = new Target { Id = VaultSeed.Unique("rre"), Kind = TargetKind.ActiveDirectory };
        var subject = new CheckSubject(target, "rre-account", directory.AcceptedPassword, false, null);
        // What the read ahead said: locked out. The account's real state (the double's): not locked, password right.
        var saidLocked = new AccountState { Exists = true, Enabled = true, LockedOut = true, Server = "double:636" };

        var mark = locks.ReleaseMark();
        var fresh = await engine.CheckAsync(subject, null, Prefetched(saidLocked, mark, TimeSpan.FromMinutes(1)), null, Cancel);
        Assert.Equal(CheckStatus.LockedOut, fresh.Result.Status); // used as read: nothing ended since the mark
        Assert.Equal(0, directory.StateReads);
        Assert.Equal(0, directory.Binds);

        // That check itself released the account's lock after the mark: the same state is now outdated.
        var outdated = await engine.CheckAsync(subject, null, Prefetched(saidLocked, mark, TimeSpan.FromMinutes(1)), null, Cancel);
        Assert.Equal(CheckStatus.InSync, outdated.Result.Status);
        Assert.Equal(1, directory.StateReads);
        Assert.Equal(1, directory.Binds);

        // A fresh mark, but a read older than allowed.
        var old = await engine.CheckAsync(subject, null, Prefetched(saidLocked, locks.ReleaseMark(), TimeSpan.Zero), null, Cancel);
        Assert.Equal(CheckStatus.InSync, old.Result.Status);
        Assert.Equal(2, directory.StateReads);
    }

    [Fact]
    public async Task Another_accounts_release_does_not_outdate_a_state_and_forgotten_releases_count_as_recent()
    {
        var locks = new AccountLocks();
        var mark = locks.ReleaseMark();
        (await locks.AcquireAsync("t", "other", Cancel)).Dispose();

        Assert.False(locks.ReleasedSince("t", "mine", mark));
        Assert.True(locks.ReleasedSince("t", "OTHER", mark)); // names compare as the locks do: case-insensitive
        Assert.False(locks.ReleasedSince("t", "other", locks.ReleaseMark()));

        // Past the bound of remembered accounts the memory is cleared: every older mark is then outdated.
        var before = locks.ReleaseMark();
        for (var i = 0; i < 16_385; i++)
        {
            (await locks.AcquireAsync("t", $"a{i}", Cancel)).Dispose();
        }

        Assert.True(locks.ReleasedSince("t", "never-touched", before));
        Assert.False(locks.ReleasedSince("t", "never-touched", locks.ReleaseMark()));
    }

    private static AccountStateSource Prefetched(AccountState state, long mark, TimeSpan maxAge) =>
        (_, _, _) => Task.FromResult<PrefetchedState?>(
            new PrefetchedState(state, mark, TimeProvider.System.GetTimestamp() - TimeProvider.System.TimestampFrequency, maxAge));
}
