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

            Console.WriteLine($"AD (3): first logons (unmeasured), a first (cold) report, raw binds, the sync report, raw binds again, {c} at once");
            var firstLogons = Succeeded(await ad.FirstLogonAllAsync(accounts, c), "first logons");
            // The services start cold: the first report JIT-compiles the check path and opens directory-sync's
            // connections (shown, not judged, as for row 2's first job).
            var (coldSummary, coldElapsed) = await api.SyncReportAsync(listId, c);
            var bindsBefore = await BindPassesAsync(ad, accounts, c);
            var reportCpu = CpuUsage.Start(new Dictionary<string, int>(suite.ProcessIds)
            {
                ["bench client"] = Environment.ProcessId,
            });
            await ProfileHook.StartAsync("report", suite.ProcessIds);
            var (summary, reportElapsed) = await api.SyncReportAsync(listId, c);
            var reportCpuUsed = reportCpu.Stop();
            await ProfileHook.StopAsync("report", suite.ProcessIds);
            var bindsAfter = await BindPassesAsync(ad, accounts, c);
            var binds = Combined([.. bindsBefore, .. bindsAfter]);
            table.Add(new ResultRow("3", $"raw LDAPS binds, {c} connections", Figures.Rate(binds),
                Note: "simple binds rebinding persistent connections, after an unmeasured first-logon pass "
                    + $"({Figures.Rate(firstLogons.PerSecond)}: Samba writes lastLogonTimestamp at an account's first logon); "
                    + $"{BindPassesPerSide} passes before and {BindPassesPerSide} after the report: "
                    + $"{string.Join(", ", bindsBefore.Select(p => Figures.Rate(p.PerSecond)))} and "
                    + string.Join(", ", bindsAfter.Select(p => Figures.Rate(p.PerSecond)))));
            var coldRate = coldSummary.Total / coldElapsed.TotalSeconds;
            table.Add(new ResultRow("3", $"first sync report after the services started (cold), concurrency {c}",
                Figures.Rate(coldRate), Figures.Rate(binds), coldRate / binds,
                Note: $"not judged: JIT and new directory connections; {Counts(coldSummary)}"));
            var reportRate = summary.Total / reportElapsed.TotalSeconds;
            table.Add(ResultRow.AtLeast("3", $"sync report, concurrency {c}", Figures.Rate(reportRate),
                Figures.Rate(binds), reportRate / binds, 0.9, Counts(summary)));
            // The DC's share is the machine's busy time less these (the Samba processes are not listed).
            CpuRows.Add(table, "3", "check", reportCpuUsed, summary.Total, reportElapsed);

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

    private static async Task<List<WorkResult>> BindPassesAsync(ActiveDirectory ad, IReadOnlyList<BenchAccount> accounts,
        int connections)
    {
        var passes = new List<WorkResult>(BindPassesPerSide);
        for (var pass = 0; pass < BindPassesPerSide; pass++)
        {
            passes.Add(Succeeded(await ad.BindAllAsync(accounts, connections), "raw binds"));
        }

        return passes;
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
