using PasswordSync.Benchmarks.Directories;
using PasswordSync.Benchmarks.Measuring;
using PasswordSync.Benchmarks.Reporting;
using PasswordSync.Benchmarks.Suite;
using PasswordSync.Common.V1;
using PasswordSync.V1;

namespace PasswordSync.Benchmarks.Scenarios;

/// <summary>
/// (1)-(4) and the samba-tool row against the Samba AD DC, over the same N accounts in this order: raw resets,
/// records registered with the passwords AD then holds, raw binds, the sync report, bulk rotation without and with
/// verification, proof that AD holds every vault password, reveals, and the samba-tool loop last (it leaves the
/// accounts with passwords nobody knows, and they are deleted after).
/// </summary>
internal static class ActiveDirectoryScenario
{
    /// <summary>Sync reports measured back to back (their checks and times summed).</summary>
    private const int MeasuredReports = 3;

    /// <summary>States per search in the read-ahead baseline: the gateway's default Gateway:Reports:StateReadAhead.</summary>
    private const int ReadAhead = 20;

    /// <summary>Measured raw bind passes on each side of the sync report (the shared DC's load drifts).</summary>
    private const int BindPassesPerSide = 2;

    public static async Task RunAsync(BenchSuite suite, GatewayApi api, ActiveDirectory ad, BenchOptions options,
        ResultTable table)
    {
        var runId = BenchPasswords.NewRunId();
        var c = options.Connections;
        Console.WriteLine($"AD: creating {options.Accounts} accounts bench-{runId}-* on {ad.Connections.Host}");
        var accounts = await ad.CreateAccountsAsync(runId, options.Accounts);
        try
        {
            Console.WriteLine($"AD (1): raw unicodePwd resets on {c} connections (first pass)");
            var resetsBefore = Succeeded(await ad.ResetAllAsync(accounts, c), "raw resets");

            await api.RegisterActiveDirectoryAsync(ad);
            var listId = await api.CreateReadyListAsync($"bench-ad-{runId}");
            var recordIds = await api.AddRecordsAsync(listId, accounts, AccountType.Windows, ad.DomainName);

            Console.WriteLine($"AD (3): first logons (unmeasured), a first (cold) report and warm-ups, raw binds and raw state reads + binds, the sync report, the raw passes again, {c} at once");
            var firstLogons = Succeeded(await ad.FirstLogonAllAsync(accounts, c), "first logons");
            // The services start cold: the first report JIT-compiles the check path and opens directory-sync's
            // connections (shown, not judged, as for row 2's first job).
            var (coldSummary, coldElapsed) = await api.SyncReportAsync(listId, c);
            var warmups = await WarmUpReportsAsync(suite, api, listId, c, options.Warmups);

            var dc = LocalServerProcess.FindSingleSambaDc();
            var before = await BaselinePassesAsync(ad, accounts, c, dc);
            var reportCpu = CpuUsage.Start(new Dictionary<string, int>(suite.ProcessIds)
            {
                ["bench client"] = Environment.ProcessId,
            });
            var reportDcCpu = DcCpu(dc);
            var reportJit = JitCpu.Start(suite.ProcessIds);
            await ProfileHook.StartAsync("report", suite.ProcessIds);
            // Several reports back to back: one report of a few hundred accounts lasts a second or two, short for CPU
            // times counted in 10 ms ticks and for the DC's own swings.
            var reports = new List<(SyncReportSummary Summary, TimeSpan Elapsed)>();
            for (var pass = 0; pass < MeasuredReports; pass++)
            {
                reports.Add(await api.SyncReportAsync(listId, c));
            }

            var reportCpuUsed = reportCpu.Stop();
            var summary = reports[^1].Summary;
            var checkedCount = reports.Sum(r => r.Summary.Total);
            var reportElapsed = reports.Aggregate(TimeSpan.Zero, (total, r) => total + r.Elapsed);
            var reportDcUsed = reportDcCpu.Stop();
            var reportJitShare = reportJit.Share();
            await ProfileHook.StopAsync("report", suite.ProcessIds);
            var after = await BaselinePassesAsync(ad, accounts, c, dc);
            var binds = Combined([.. before.Binds, .. after.Binds]);
            var checks = Combined([.. before.Checks, .. after.Checks]);
            var aheadChecks = Combined([.. before.AheadChecks, .. after.AheadChecks]);
            table.Add(new ResultRow("3", $"raw LDAPS binds, {c} connections", Figures.Rate(binds),
                Note: "simple binds rebinding persistent connections, after an unmeasured first-logon pass "
                    + $"({Figures.Rate(firstLogons.PerSecond)}: Samba writes lastLogonTimestamp at an account's first logon); "
                    + $"{BindPassesPerSide} passes before and {BindPassesPerSide} after the report: "
                    + $"{Rates(before.Binds)} and {Rates(after.Binds)}"
                    + DcNote(before.BindDcCpu + after.BindDcCpu, before.Binds.Concat(after.Binds), "bind")));
            table.Add(new ResultRow("3", $"raw LDAPS state read + bind, {c} connections", Figures.Rate(checks),
                Figures.Rate(binds), checks / binds,
                Note: "the directory's own limit for a check that must not lock the account: a base read of the "
                    + "failure count, lockout time and flags (no constructed attribute) on a privileged connection, then "
                    + "the bind on a connection of its own; "
                    + $"{Rates(before.Checks)} and {Rates(after.Checks)}"
                    + DcNote(before.CheckDcCpu + after.CheckDcCpu, before.Checks.Concat(after.Checks), "check")));
            table.Add(new ResultRow("3", $"raw LDAPS states read ahead ({ReadAhead} per search) + bind, {c} connections",
                Figures.Rate(aheadChecks), Figures.Rate(binds), aheadChecks / binds,
                Note: "the directory's own limit for lockout-safe checks that read the states ahead, as the report does "
                    + $"(Gateway:Reports:StateReadAhead): {Rates(before.AheadChecks)} and {Rates(after.AheadChecks)}"
                    + DcNote(before.AheadCheckDcCpu + after.AheadCheckDcCpu,
                        before.AheadChecks.Concat(after.AheadChecks), "check")));
            var coldRate = coldSummary.Total / coldElapsed.TotalSeconds;
            table.Add(new ResultRow("3", $"first sync report after the services started (cold), concurrency {c}",
                Figures.Rate(coldRate), Figures.Rate(binds), coldRate / binds,
                Note: $"not judged: JIT and new directory connections; {Counts(coldSummary)}"));
            var reportRate = checkedCount / reportElapsed.TotalSeconds;
            table.Add(ResultRow.AtLeast("3", $"sync report, concurrency {c}", Figures.Rate(reportRate),
                Figures.Rate(binds), reportRate / binds, 0.9,
                $"{MeasuredReports} reports back to back, {Figures.Count(checkedCount)} checks; the last: " + Counts(summary)
                    + $"; measured after the cold report and {warmups.Count} unmeasured ones, once the "
                    + "services' background JIT had settled (its share of their CPU over those reports: "
                    + string.Join(", ", warmups.Select(Figures.Percent)) + $"; in this one: {Figures.Percent(reportJitShare)})"));
            table.Add(new ResultRow("3", "sync report vs raw states read ahead + bind", Figures.Rate(reportRate),
                Figures.Rate(aheadChecks), reportRate / aheadChecks,
                Note: "what the product loses on top of the directory's work for lockout-safe checks"));
            CpuRows.Add(table, "3", "check", reportCpuUsed, checkedCount, reportElapsed);
            if (reportDcUsed.Used.GetValueOrDefault("Samba DC") is { } dcUsed)
            {
                table.Add(new ResultRow("3", "CPU per check: Samba DC (not the product)",
                    Figures.CpuMilliseconds(dcUsed / checkedCount),
                    Note: "the DC's own work for the report's state reads and binds"));
            }

            Console.WriteLine($"AD (2): bulk rotation through the gateway, concurrency {c}: a first job after the "
                + "services started (shown, not judged), then the measured ones");
            // The services start cold for the benchmark: the first bulk job JIT-compiles the batch path and opens
            // directory-sync's connections. A suite runs for weeks, so the targets judge the jobs after that one.
            var cold = await api.BulkRotateAsync(listId, verify: false, c);
            await ProfileHook.StartAsync("ad-rotation", suite.ProcessIds);
            var withoutVerify = await api.BulkRotateAsync(listId, verify: false, c);
            await ProfileHook.StopAsync("ad-rotation", suite.ProcessIds);
            var withVerify = await api.BulkRotateAsync(listId, verify: true, c);
            await ProveDirectoryHoldsVaultPasswordsAsync(api, ad, accounts, recordIds, c, table);

            // The DC is shared and its load drifts: the raw limit is measured before and after the product's runs.
            Console.WriteLine($"AD (1): raw unicodePwd resets on {c} connections (second pass)");
            var resetsAfter = Succeeded(await ad.ResetAllAsync(accounts, c), "raw resets");
            var resets = Combined(resetsBefore, resetsAfter);
            table.Add(new ResultRow("1", $"raw LDAPS unicodePwd resets, {c} connections", Figures.Rate(resets),
                Note: $"{Figures.Count(accounts.Count)} accounts; {Passes(resetsBefore, resetsAfter)}"));
            var coldJobRate = cold.Job.Succeeded / cold.Elapsed.TotalSeconds;
            table.Add(new ResultRow("2", $"first bulk rotation after the services started (cold), without verify, concurrency {c}",
                Figures.Rate(coldJobRate), Figures.Rate(resets), coldJobRate / resets,
                Note: $"not judged: JIT and new directory connections; {cold.Job.Succeeded} rotated in {Figures.Seconds(cold.Elapsed)}"
                    + RunningTime(cold.Job)));
            BulkRotationRow(withoutVerify, verify: false, c, resets, 0.9, table);
            BulkRotationRow(withVerify, verify: true, c, resets, 0.8, table);

            Console.WriteLine("AD (4): reveal through the gateway vs the vault directly");
            await RevealComparison.RunAsync(suite, api, recordIds, options, table);

            Console.WriteLine($"AD: samba-tool user setpassword loop over {options.SetPasswordSample} accounts");
            await SambaToolLoop.RunAsync(ad, accounts, options.SetPasswordSample, resets, table);
        }
        finally
        {
            await ad.DeleteAllAsync(accounts);
        }
    }

    private static void BulkRotationRow((V1.Job Job, TimeSpan Elapsed) run, bool verify, int concurrency,
        double rawResetsPerSecond, double target, ResultTable table)
    {
        var (job, elapsed) = run;
        var perSecond = job.Succeeded / elapsed.TotalSeconds;
        var note = $"{job.State}: {job.Succeeded} rotated, {job.Failed} failed, {job.Skipped} skipped in {Figures.Seconds(elapsed)}"
            + RunningTime(job)
            + (job.Failed + job.Skipped > 0 && job.RecentItems.Count > 0 ? $"; e.g. {job.RecentItems[0].ReasonCode}" : "");
        table.Add(ResultRow.AtLeast("2", $"bulk rotation through the gateway, {(verify ? "with" : "without")} verify, concurrency {concurrency}",
            Figures.Rate(perSecond), Figures.Rate(rawResetsPerSecond), perSecond / rawResetsPerSecond, target, note));
    }

    /// <summary>
    /// How much of the caller's time the job itself ran (the vault's creation and finish stamps): the rest is planning
    /// the job before it exists and seeing its end, which a raw loop does not have.
    /// </summary>
    private static string RunningTime(V1.Job job) =>
        job is { CreateTime: { } created, FinishTime: { } finished }
            ? $" (the job ran {Figures.Seconds(finished.ToDateTimeOffset() - created.ToDateTimeOffset())} from its creation to its finish)"
            : "";

    /// <summary>Every record's vault password (revealed) must open its AD account: independent binds.</summary>
    private static async Task ProveDirectoryHoldsVaultPasswordsAsync(GatewayApi api, ActiveDirectory ad,
        IReadOnlyList<BenchAccount> accounts, string[] recordIds, int connections, ResultTable table)
    {
        await Parallel.ForAsync(0, accounts.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => accounts[i].Password = await api.RevealAsync(recordIds[i]));
        var binds = await ad.BindAllAsync(accounts, connections);
        var agreeing = accounts.Count - binds.Failures;
        table.Add(new ResultRow("2", "AD accepts the vault's password after both rotations (independent binds)",
            $"{Figures.Count(agreeing)} / {Figures.Count(accounts.Count)}", Target: "all", Met: binds.Failures == 0,
            Note: binds.FirstFailure ?? ""));
    }

    /// <summary>Both passes as one: all items over all the time they took.</summary>
    private static double Combined(WorkResult first, WorkResult second) => Combined([first, second]);

    private static double Combined(IReadOnlyList<WorkResult> passes) =>
        passes.Sum(p => p.Items) / passes.Aggregate(TimeSpan.Zero, (total, p) => total + p.Elapsed).TotalSeconds;

    /// <summary>Unmeasured reports until the services' background JIT has settled (<see cref="JitWarmUp"/>).</summary>
    private static Task<List<double>> WarmUpReportsAsync(BenchSuite suite, GatewayApi api, string listId,
        int concurrency, int most) =>
        JitWarmUp.UntilSettledAsync(suite.ProcessIds, most, () => api.SyncReportAsync(listId, concurrency));

    /// <summary>
    /// Raw bind passes and raw state read + bind passes, alternating (the DC's load drifts), with the DC's CPU time
    /// for each kind when its process is known.
    /// </summary>
    private static async Task<BaselinePasses> BaselinePassesAsync(ActiveDirectory ad,
        IReadOnlyList<BenchAccount> accounts, int connections, int? dc)
    {
        var passes = new BaselinePasses();
        for (var pass = 0; pass < BindPassesPerSide; pass++)
        {
            var cpu = DcCpu(dc);
            passes.Binds.Add(Succeeded(await ad.BindAllAsync(accounts, connections), "raw binds"));
            passes.BindDcCpu += cpu.Stop().Used.GetValueOrDefault("Samba DC") ?? TimeSpan.Zero;
            cpu = DcCpu(dc);
            passes.Checks.Add(Succeeded(await ad.ReadStateThenBindAllAsync(accounts, connections), "raw state reads + binds"));
            passes.CheckDcCpu += cpu.Stop().Used.GetValueOrDefault("Samba DC") ?? TimeSpan.Zero;
            cpu = DcCpu(dc);
            passes.AheadChecks.Add(Succeeded(await ad.ReadStatesAheadThenBindAllAsync(accounts, connections, ReadAhead),
                "raw states read ahead + binds"));
            passes.AheadCheckDcCpu += cpu.Stop().Used.GetValueOrDefault("Samba DC") ?? TimeSpan.Zero;
        }

        return passes;
    }

    private static CpuUsage DcCpu(int? dc) =>
        CpuUsage.Start(dc is { } pid ? new Dictionary<string, int> { ["Samba DC"] = pid } : []);

    private static string DcNote(TimeSpan dcCpu, IEnumerable<WorkResult> passes, string operation)
    {
        var operations = passes.Sum(p => p.Items);
        return dcCpu > TimeSpan.Zero && operations > 0
            ? $"; the DC spent {Figures.CpuMilliseconds(dcCpu / operations)} of CPU per {operation}"
            : "";
    }

    private static string Rates(IEnumerable<WorkResult> passes) =>
        string.Join(", ", passes.Select(p => Figures.Rate(p.PerSecond)));

    /// <summary>The baseline passes on one side of the report.</summary>
    private sealed class BaselinePasses
    {
        public List<WorkResult> Binds { get; } = [];

        public List<WorkResult> Checks { get; } = [];

        public TimeSpan BindDcCpu { get; set; }

        public TimeSpan CheckDcCpu { get; set; }

        public List<WorkResult> AheadChecks { get; } = [];

        public TimeSpan AheadCheckDcCpu { get; set; }
    }

    private static string Passes(WorkResult first, WorkResult second) =>
        $"passes before and after the product's runs: {Figures.Rate(first.PerSecond)} and {Figures.Rate(second.PerSecond)}";

    private static WorkResult Succeeded(WorkResult result, string what) => result.Failures == 0
        ? result
        : throw new InvalidOperationException($"{result.Failures} of {result.Items} {what} failed: {result.FirstFailure}");

    private static string Counts(SyncReportSummary summary) =>
        string.Join(", ", summary.CountsByStatus.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => $"{pair.Key} {pair.Value}")) + $" of {summary.Total}";
}
