using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Gateway.Tests.Jobs.Support;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using DirectorySync = PasswordSync.Directory.V1.DirectorySync;

namespace PasswordSync.Gateway.Tests.Reports;

/// <summary>
/// The sync report's scheduling and streaming against the REAL vault (lists, records, targets, paging, sync material,
/// recorded verdicts) and the real check engine, with directory-sync replaced by <see cref="ScriptedDirectory"/> (a
/// test double: these targets have no directory behind them, and the tests hold directory calls to observe the
/// report's concurrency). Both faces: gRPC streaming and HTTP newline-delimited JSON.
/// </summary>
public sealed class SyncReportTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Streams_one_result_per_record_then_a_summary_and_explains_records_that_are_not_sync_enabled()
    {
        using var seed = new VaultSeed(suite.Backends);
        var directory = new ScriptedDirectory();
        await using var gateway = new DoubledGateway(suite, s => s.AddSingleton<DirectorySync.DirectorySyncClient>(directory));
        var domain = VaultSeed.Unique("rpt") + ".test";
        await seed.CreateAdTargetAsync(domain);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("report"));
        var inSync = await seed.AddRecordAsync(list.Id, "rpt-a", AccountType.Windows, domain);
        var mismatch = await seed.AddRecordAsync(list.Id, "rpt-b", AccountType.Windows, domain, "Not-What-AD-Has-1!");
        var web = await seed.AddRecordAsync(list.Id, "rpt-c", AccountType.Web, domain);
        var noTarget = await seed.AddRecordAsync(list.Id, "rpt-d", AccountType.Windows, "nowhere.invalid");

        var events = await ReportEvents.ReadAllAsync(gateway.Sync(suite.AdminKey).SyncReport(
            new SyncReportRequest { ListId = list.Id }, cancellationToken: Cancel));

        Assert.Equal(5, events.Count);
        Assert.Equal(SyncReportEvent.EventOneofCase.Summary, events[^1].EventCase);
        var results = events.Take(4).Select(e => e.Result).ToDictionary(r => r.RecordId);
        Assert.Equal(CheckStatus.InSync, results[inSync.Id].Status);
        Assert.Equal(CheckStatus.Mismatch, results[mismatch.Id].Status);
        Assert.Equal(CheckStatus.NotSyncEnabled, results[web.Id].Status);
        Assert.Contains("not synchronised", results[web.Id].Message, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.NotSyncEnabled, results[noTarget.Id].Status);
        Assert.Contains("nowhere.invalid", results[noTarget.Id].Message, StringComparison.Ordinal);
        var summary = events[^1].Summary;
        Assert.Equal(4, summary.Total);
        Assert.Equal(1, summary.CountsByStatus["CHECK_STATUS_IN_SYNC"]);
        Assert.Equal(1, summary.CountsByStatus["CHECK_STATUS_MISMATCH"]);
        Assert.Equal(2, summary.CountsByStatus["CHECK_STATUS_NOT_SYNC_ENABLED"]);
        Assert.True(summary.Duration.ToTimeSpan() > TimeSpan.Zero);
        Assert.Equal(2, directory.StateReads); // records that are not sync-enabled are never sent to a directory
    }

    [Fact]
    public async Task Over_http_the_report_is_newline_delimited_json_ending_with_the_summary()
    {
        using var seed = new VaultSeed(suite.Backends);
        var directory = new ScriptedDirectory();
        await using var gateway = new DoubledGateway(suite, s => s.AddSingleton<DirectorySync.DirectorySyncClient>(directory));
        var domain = VaultSeed.Unique("rpt") + ".test";
        await seed.CreateAdTargetAsync(domain);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("report-http"));
        var locked = await seed.AddRecordAsync(list.Id, "rpt-h1", AccountType.Windows, domain);
        await seed.AddRecordAsync(list.Id, "rpt-h2", AccountType.Other, domain);
        directory.LockedOut["rpt-h1"] = true;
        using var http = gateway.Http(suite.AdminKey);

        using var response = await http.GetAsync(new Uri($"/v1/lists/{list.Id}/syncReport", UriKind.Relative), Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        var parsed = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var lockedLine = parsed.Single(p => p.TryGetProperty("result", out var r) && r.GetProperty("recordId").GetString() == locked.Id);
        Assert.Equal("CHECK_STATUS_LOCKED_OUT", lockedLine.GetProperty("result").GetProperty("status").GetString());
        var summary = parsed[^1].GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("total").GetInt32());
        Assert.Equal(1, summary.GetProperty("countsByStatus").GetProperty("CHECK_STATUS_NOT_SYNC_ENABLED").GetInt32());
    }

    [Fact]
    public async Task Results_stream_while_other_checks_are_still_running_and_each_target_gets_at_most_the_requested_concurrency()
    {
        using var seed = new VaultSeed(suite.Backends);
        var directory = new ScriptedDirectory { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var gateway = new DoubledGateway(suite, s => s.AddSingleton<DirectorySync.DirectorySyncClient>(directory));
        var domainA = VaultSeed.Unique("rpta") + ".test";
        var domainB = VaultSeed.Unique("rptb") + ".test";
        var targetA = await seed.CreateAdTargetAsync(domainA);
        var targetB = await seed.CreateAdTargetAsync(domainB);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("report-conc"));
        var web = await seed.AddRecordAsync(list.Id, "rpt-web", AccountType.Web, domainA);
        for (var i = 0; i < 8; i++)
        {
            await seed.AddRecordAsync(list.Id, $"rpt-a{i}", AccountType.Windows, domainA);
            await seed.AddRecordAsync(list.Id, $"rpt-b{i}", AccountType.Windows, domainB);
        }

        using var call = gateway.Sync(suite.AdminKey).SyncReport(
            new SyncReportRequest { ListId = list.Id, Concurrency = 3 }, cancellationToken: Cancel);

        // Every check is held: the record that needs no check still arrives, so nothing waits for the whole list.
        Assert.True(await call.ResponseStream.MoveNext(Cancel));
        Assert.Equal(web.Id, call.ResponseStream.Current.Result.RecordId);
        await WaitUntilAsync(() => directory.StateReads == 6);
        await Task.Delay(300, Cancel);
        Assert.Equal(6, directory.StateReads); // 3 per target, no more, while those are held
        directory.Hold.SetResult();
        var rest = await ReportEvents.ReadAllAsync(call);

        Assert.Equal(17, rest.Count); // 16 results + summary
        Assert.Equal(3, directory.MaxInFlight(targetA.Id));
        Assert.Equal(3, directory.MaxInFlight(targetB.Id));
        Assert.Equal(17, rest[^1].Summary.Total);
    }

    [Fact]
    public async Task A_large_list_is_read_page_by_page_with_a_bounded_number_of_records_in_flight()
    {
        using var seed = new VaultSeed(suite.Backends);
        var directory = new ScriptedDirectory { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var vault = suite.Backends.ChannelAsGateway(suite.Backends.VaultAddress);
        var counting = new CountingRecordsClient(vault);
        await using var gateway = new DoubledGateway(suite, s =>
        {
            s.AddSingleton<DirectorySync.DirectorySyncClient>(directory);
            s.AddSingleton<PasswordRecords.PasswordRecordsClient>(counting);
        }, new Dictionary<string, string>
        {
            ["Gateway:Reports:PageSize"] = "10",
            ["Gateway:Reports:MaxInFlight"] = "8",
        });
        var domain = VaultSeed.Unique("rptm") + ".test";
        await seed.CreateAdTargetAsync(domain);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("report-mem"));
        for (var i = 0; i < 120; i++)
        {
            await seed.AddRecordAsync(list.Id, $"rpt-m{i:D3}", AccountType.Windows, domain);
        }

        using var call = gateway.Sync(suite.AdminKey).SyncReport(
            new SyncReportRequest { ListId = list.Id, Concurrency = 2 }, cancellationToken: Cancel);
        await WaitUntilAsync(() => directory.StateReads == 2);
        await Task.Delay(500, Cancel);

        // Held: 2 in the directory, 8 started in all, the 9th waiting for a slot: the report has read one page of 10
        // and stopped reading, instead of the 120 records of the list.
        Assert.Equal(2, directory.StateReads);
        Assert.InRange(counting.RecordsRead, 10, 20);
        directory.Hold.SetResult();
        var events = await ReportEvents.ReadAllAsync(call);
        Assert.Equal(121, events.Count);
        Assert.Equal(120, events[^1].Summary.CountsByStatus["CHECK_STATUS_IN_SYNC"]);
        Assert.Equal(120, events.Take(120).Select(e => e.Result.RecordId).Distinct().Count());
    }

    [Fact]
    public async Task When_the_caller_leaves_the_report_stops_checking()
    {
        using var seed = new VaultSeed(suite.Backends);
        var directory = new ScriptedDirectory { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var gateway = new DoubledGateway(suite, s => s.AddSingleton<DirectorySync.DirectorySyncClient>(directory));
        var domain = VaultSeed.Unique("rptc") + ".test";
        await seed.CreateAdTargetAsync(domain);
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("report-cancel"));
        for (var i = 0; i < 30; i++)
        {
            await seed.AddRecordAsync(list.Id, $"rpt-x{i}", AccountType.Windows, domain);
        }

        using var leave = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        using var call = gateway.Sync(suite.AdminKey).SyncReport(
            new SyncReportRequest { ListId = list.Id, Concurrency = 2 }, cancellationToken: leave.Token);
        await WaitUntilAsync(() => directory.StateReads == 2);
        await leave.CancelAsync();

        await WaitUntilAsync(() => directory.Cancelled == 2);
        await Task.Delay(300, Cancel);
        Assert.Equal(2, directory.StateReads); // nothing new started after the caller left
        Assert.Equal(0, directory.Binds);
    }

    [Fact]
    public async Task Unknown_list_is_not_found_and_keys_without_sync_or_scope_are_refused()
    {
        using var seed = new VaultSeed(suite.Backends);
        var directory = new ScriptedDirectory();
        await using var gateway = new DoubledGateway(suite, s => s.AddSingleton<DirectorySync.DirectorySyncClient>(directory));
        var list = await seed.CreateReadyListAsync(VaultSeed.Unique("report-auth"));
        var other = await seed.CreateReadyListAsync(VaultSeed.Unique("report-other"));
        var readOnly = await suite.Gateway.CreateApiKeyAsync("rpt-read", [ApiPermission.Read]);
        var otherScope = await suite.Gateway.CreateApiKeyAsync("rpt-scope", [ApiPermission.Sync, ApiPermission.Read], [other.Id]);

        var missing = await Assert.ThrowsAsync<RpcException>(() => ReportEvents.ReadAllAsync(gateway.Sync(suite.AdminKey)
            .SyncReport(new SyncReportRequest { ListId = "0123456789abcdef0123456789abcdef" }, cancellationToken: Cancel)));
        var noSync = await Assert.ThrowsAsync<RpcException>(() => ReportEvents.ReadAllAsync(gateway.Sync(readOnly)
            .SyncReport(new SyncReportRequest { ListId = list.Id }, cancellationToken: Cancel)));
        var outOfScope = await Assert.ThrowsAsync<RpcException>(() => ReportEvents.ReadAllAsync(gateway.Sync(otherScope)
            .SyncReport(new SyncReportRequest { ListId = list.Id }, cancellationToken: Cancel)));
        var badConcurrency = await Assert.ThrowsAsync<RpcException>(() => ReportEvents.ReadAllAsync(gateway.Sync(suite.AdminKey)
            .SyncReport(new SyncReportRequest { ListId = list.Id, Concurrency = -1 }, cancellationToken: Cancel)));

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, noSync.StatusCode);
        Assert.Contains("sync", noSync.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, outOfScope.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badConcurrency.StatusCode);
        Assert.Contains("concurrency", badConcurrency.GetViolatedFields());
        Assert.Equal(0, directory.StateReads);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 20 s");
            await Task.Delay(20, Cancel);
        }
    }
}
