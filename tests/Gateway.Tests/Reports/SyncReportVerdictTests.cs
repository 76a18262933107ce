using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Gateway.Tests.Jobs.Support;
using PasswordSync.Testing;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using DirectorySync = PasswordSync.Directory.V1.DirectorySync;
using GetRecordRequest = PasswordSync.Vault.V1.GetRecordRequest;
using QueryAuditRequest = PasswordSync.Vault.V1.QueryAuditRequest;

namespace PasswordSync.Gateway.Tests.Reports;

/// <summary>
/// What a sync report leaves in the REAL vault: every verdict recorded (read back from the vault), in batches, one
/// audit event per record, nothing re-read per record, verdicts already decided kept when the caller leaves, a vault
/// that refuses the batch logged without failing the report, and no password in any log or in the database. The
/// directory is <see cref="ScriptedDirectory"/> (a test double, see there); the vault and the gateway are real.
/// </summary>
public sealed class SyncReportVerdictTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private const string WrongPassword = "Not-What-AD-Has-7!";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_report_of_many_records_records_every_verdict_in_a_few_batches_without_re_reading_records()
    {
        using var seed = new VaultSeed(suite.Backends);
        using var vault = new CountedVaultCalls(suite.Backends);
        var logs = new LogCapture();
        var directory = new ScriptedDirectory();
        await using var gateway = new DoubledGateway(suite, s =>
        {
            s.AddSingleton<DirectorySync.DirectorySyncClient>(directory);
            vault.Register(s);
            s.AddLogging(l => l.AddProvider(logs));
        }, new Dictionary<string, string>
        {
            ["Gateway:Reports:VerdictBatchSize"] = "10",
            ["Gateway:Reports:VerdictFlushInterval"] = "00:00:05",
        });
        var domain = VaultSeed.Unique("rptv") + ".test";
        await seed.CreateAdTargetAsync(domain);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("report-verdicts"));
        var expected = new Dictionary<string, RecordSyncState>();
        for (var i = 0; i < 30; i++)
        {
            var wrong = i % 6 == 5;
            var record = await seed.AddRecordAsync(list.Id, $"rpt-v{i:D2}", AccountType.Windows, domain,
                wrong ? WrongPassword : "Initial-Pass-1!");
            expected[record.Id] = wrong ? RecordSyncState.OutOfSync : RecordSyncState.InSync;
        }

        var events = await ReportEvents.ReadAllAsync(gateway.Sync(suite.AdminKey).SyncReport(
            new SyncReportRequest { ListId = list.Id, Concurrency = 4 }, cancellationToken: Cancel));

        Assert.Equal(30, events[^1].Summary.Total);
        Assert.Equal(25, events[^1].Summary.CountsByStatus["CHECK_STATUS_IN_SYNC"]);
        Assert.Equal(5, events[^1].Summary.CountsByStatus["CHECK_STATUS_MISMATCH"]);
        // The material too comes in batches (the checks that ask while a call is out share the next one), and each
        // record's hand-out is still audited on its own.
        Assert.Equal(0, vault.Of("GetSyncMaterial"));
        Assert.InRange(vault.Of("GetSyncMaterials"), 1, 29);
        var used = await seed.Audit.QueryAuditAsync(new QueryAuditRequest
        {
            ListId = list.Id,
            Action = "SyncMaterialUsed",
            PageSize = 1000,
        }, cancellationToken: Cancel);
        Assert.Equal(expected.Keys.Order(), used.Events.Select(e => e.RecordId).Order());
        var material = new SyncMaterialService.SyncMaterialServiceClient(suite.Backends.ChannelAsGateway(suite.Backends.VaultAddress));
        foreach (var (recordId, state) in expected)
        {
            var stored = await seed.Records.GetRecordAsync(new GetRecordRequest { Id = recordId }, cancellationToken: Cancel);
            Assert.Equal(state, stored.SyncState);
            Assert.NotNull(stored.LastVerifyTime);
            if (state == RecordSyncState.InSync)
            {
                var baseline = await material.GetSyncMaterialAsync(new GetSyncMaterialRequest { RecordId = recordId },
                    cancellationToken: Cancel);
                Assert.Equal(ScriptedDirectory.PasswordLastSet, baseline.DirectoryPasswordLastSet);
            }
        }

        // One audit event per record, the single call's action and detail, naming the caller's key.
        var audit = await seed.Audit.QueryAuditAsync(new QueryAuditRequest
        {
            ListId = list.Id,
            Action = "SyncStateRecorded",
            PageSize = 1000,
        }, cancellationToken: Cancel);
        Assert.Equal(expected.Keys.Order(), audit.Events.Select(e => e.RecordId).Order());
        Assert.All(audit.Events, e => Assert.NotEmpty(e.Actor));
        Assert.Contains(audit.Events, e => e.Detail.StartsWith("OutOfSync: INVALID_CREDENTIALS", StringComparison.Ordinal));

        // Nothing re-read per record: the list once (by the handler), no record by id; verdicts in batches of 10.
        Assert.Equal(0, vault.Of("GetRecord"));
        Assert.Equal(1, vault.Of("GetList"));
        Assert.Equal(0, vault.Of("RecordSyncState"));
        Assert.InRange(vault.Of("RecordSyncStates"), 3, 10);

        SecretLeaks.AssertNoneIn(["Initial-Pass-1!", WrongPassword, "not-used-by-doubles-1A!"],
            new Dictionary<string, string>
            {
                ["gateway"] = string.Join("\n", logs.Entries.Select(e => e.Text)),
                ["vault"] = suite.Backends.Vault.Output,
            },
            [suite.Backends.VaultDatabasePath, suite.Backends.VaultDatabasePath + "-wal"]);
    }

    [Fact]
    public async Task When_the_caller_leaves_the_verdicts_already_streamed_are_still_recorded()
    {
        using var seed = new VaultSeed(suite.Backends);
        var directory = new ScriptedDirectory
        {
            Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
            Holds = account => account.StartsWith("rpt-held", StringComparison.Ordinal),
        };
        await using var gateway = new DoubledGateway(suite, s => s.AddSingleton<DirectorySync.DirectorySyncClient>(directory),
            new Dictionary<string, string>
            {
                // Nothing leaves by size or time before the caller leaves: only the end of the report flushes.
                ["Gateway:Reports:VerdictBatchSize"] = "500",
                ["Gateway:Reports:VerdictFlushInterval"] = "00:01:00",
            });
        var domain = VaultSeed.Unique("rptl") + ".test";
        await seed.CreateAdTargetAsync(domain);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("report-leave"));
        var decided = new List<string>();
        var held = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            decided.Add((await seed.AddRecordAsync(list.Id, $"rpt-done{i}", AccountType.Windows, domain)).Id);
            held.Add((await seed.AddRecordAsync(list.Id, $"rpt-held{i}", AccountType.Windows, domain)).Id);
        }

        using var leave = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        using var call = gateway.Sync(suite.AdminKey).SyncReport(
            new SyncReportRequest { ListId = list.Id, Concurrency = 12 }, cancellationToken: leave.Token);
        var streamed = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            Assert.True(await call.ResponseStream.MoveNext(Cancel));
            streamed.Add(call.ResponseStream.Current.Result.RecordId);
        }

        // Streamed at once, recorded later: the results did not wait for their verdicts.
        Assert.Equal(decided.Order(), streamed.Order());
        Assert.All(await StatesAsync(seed, decided), s => Assert.Equal(RecordSyncState.Unknown, s));
        await leave.CancelAsync();

        await WaitUntilAsync(async () => (await StatesAsync(seed, decided)).All(s => s == RecordSyncState.InSync));
        Assert.All(await StatesAsync(seed, held), s => Assert.Equal(RecordSyncState.Unknown, s));
        Assert.Equal(6, directory.Binds); // the held accounts were never bound
    }

    [Fact]
    public async Task A_vault_that_refuses_the_verdicts_is_logged_with_the_count_and_the_report_still_completes()
    {
        using var seed = new VaultSeed(suite.Backends);
        using var vault = new CountedVaultCalls(suite.Backends) { Refuse = "RecordSyncStates" };
        var logs = new LogCapture();
        var directory = new ScriptedDirectory();
        await using var gateway = new DoubledGateway(suite, s =>
        {
            s.AddSingleton<DirectorySync.DirectorySyncClient>(directory);
            vault.Register(s);
            s.AddLogging(l => l.AddProvider(logs));
        });
        var domain = VaultSeed.Unique("rptf") + ".test";
        await seed.CreateAdTargetAsync(domain);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("report-refused"));
        var records = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            records.Add((await seed.AddRecordAsync(list.Id, $"rpt-f{i}", AccountType.Windows, domain)).Id);
        }

        var events = await ReportEvents.ReadAllAsync(gateway.Sync(suite.AdminKey).SyncReport(
            new SyncReportRequest { ListId = list.Id }, cancellationToken: Cancel));

        Assert.Equal(5, events[^1].Summary.CountsByStatus["CHECK_STATUS_IN_SYNC"]);
        Assert.All(await StatesAsync(seed, records), s => Assert.Equal(RecordSyncState.Unknown, s));
        var warnings = logs.Entries.Where(e => e.EventId == 4104).ToList();
        Assert.NotEmpty(warnings);
        Assert.Equal(5, warnings.Sum(w => int.Parse(System.Text.RegularExpressions.Regex.Match(w.Text, @": (\d+) verdicts").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(warnings, w => Assert.Contains("Unavailable", w.Text, StringComparison.Ordinal));
        logs.AssertNoneContains(["Initial-Pass-1!", "not-used-by-doubles-1A!"]);
    }

    [Fact]
    public async Task A_vault_without_the_batch_material_call_is_asked_one_record_at_a_time()
    {
        using var seed = new VaultSeed(suite.Backends);
        using var vault = new CountedVaultCalls(suite.Backends)
        {
            Refuse = "GetSyncMaterials",
            RefuseWith = StatusCode.Unimplemented,
        };
        await using var gateway = new DoubledGateway(suite, s =>
        {
            s.AddSingleton<DirectorySync.DirectorySyncClient>(new ScriptedDirectory());
            vault.Register(s);
        });
        var domain = VaultSeed.Unique("rpto") + ".test";
        await seed.CreateAdTargetAsync(domain);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("report-old-vault"));
        var records = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            records.Add((await seed.AddRecordAsync(list.Id, $"rpt-o{i}", AccountType.Windows, domain)).Id);
        }

        var events = await ReportEvents.ReadAllAsync(gateway.Sync(suite.AdminKey).SyncReport(
            new SyncReportRequest { ListId = list.Id, Concurrency = 2 }, cancellationToken: Cancel));

        Assert.Equal(6, events[^1].Summary.CountsByStatus["CHECK_STATUS_IN_SYNC"]);
        Assert.Equal(1, vault.Of("GetSyncMaterials"));
        Assert.Equal(6, vault.Of("GetSyncMaterial"));
        Assert.All(await StatesAsync(seed, records), s => Assert.Equal(RecordSyncState.InSync, s));
    }

    [Fact]
    public async Task A_record_deleted_after_the_page_was_read_is_reported_as_not_found_and_the_others_are_checked()
    {
        using var seed = new VaultSeed(suite.Backends);
        var directory = new ScriptedDirectory();
        await using var gateway = new DoubledGateway(suite,
            s => s.AddSingleton<DirectorySync.DirectorySyncClient>(directory));
        var domain = VaultSeed.Unique("rptd") + ".test";
        await seed.CreateAdTargetAsync(domain);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("report-deleted"));
        var records = new List<PasswordSync.Vault.V1.Record>();
        for (var i = 0; i < 4; i++)
        {
            records.Add(await seed.AddRecordAsync(list.Id, $"rpt-d{i}", AccountType.Windows, domain));
        }

        // At concurrency 1 the report admits three records at once and every state read is held: the fourth record's
        // material is asked for only once a check ends. The record deleted is the one whose material was not handed
        // out yet (the page's order is the vault's, not the creation order).
        directory.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = ReportEvents.ReadAllAsync(gateway.Sync(suite.AdminKey).SyncReport(
            new SyncReportRequest { ListId = list.Id, Concurrency = 1 }, cancellationToken: Cancel));
        var handedOut = new List<string>();
        for (var waited = 0; (directory.StateReads == 0 || handedOut.Count < 3) && waited < 200; waited++)
        {
            await Task.Delay(50, Cancel);
            handedOut = (await seed.Audit.QueryAuditAsync(new QueryAuditRequest
            {
                ListId = list.Id,
                Action = "SyncMaterialUsed",
                PageSize = 100,
            }, cancellationToken: Cancel)).Events.Select(e => e.RecordId).ToList();
        }

        Assert.Equal(3, handedOut.Count);
        var deleted = Assert.Single(records, r => !handedOut.Contains(r.Id));
        await seed.Records.DeleteRecordAsync(
            new PasswordSync.Vault.V1.DeleteRecordRequest { Id = deleted.Id, Version = deleted.Version },
            cancellationToken: Cancel);
        directory.Hold.SetResult();
        var events = await reading;

        var result = Assert.Single(events, e => e.Result?.RecordId == deleted.Id).Result;
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Equal("NOT_FOUND", result.ReasonCode);
        Assert.Contains(deleted.Id, result.Message, StringComparison.Ordinal);
        Assert.Equal(3, events[^1].Summary.CountsByStatus["CHECK_STATUS_IN_SYNC"]);
    }

    private static async Task<List<RecordSyncState>> StatesAsync(VaultSeed seed, IEnumerable<string> recordIds)
    {
        var states = new List<RecordSyncState>();
        foreach (var id in recordIds)
        {
            states.Add((await seed.Records.GetRecordAsync(new GetRecordRequest { Id = id }, cancellationToken: Cancel)).SyncState);
        }

        return states;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 20 s");
            await Task.Delay(50, Cancel);
        }
    }
}
