using System.Diagnostics;
using PasswordSync.Benchmarks.Directories;
using PasswordSync.Benchmarks.Reporting;

namespace PasswordSync.Benchmarks.Scenarios;

/// <summary>
/// The everyday alternative: an administrator's loop of <c>samba-tool user setpassword</c> on the DC (its own
/// database, --random-password so no password is on a command line), timed over a sample and extrapolated.
/// </summary>
internal static class SambaToolLoop
{
    public static async Task RunAsync(ActiveDirectory ad, IReadOnlyList<BenchAccount> accounts, int sample,
        double rawResetsPerSecond, ResultTable table)
    {
        var configFile = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ad.SamLdbPath)!, "..", "etc", "smb.conf"));
        if (sample == 0 || !File.Exists(ad.SamLdbPath) || !File.Exists(configFile))
        {
            table.Add(new ResultRow("alt", "samba-tool user setpassword loop", "not measured",
                Note: sample == 0 ? "--setpassword-sample 0" : $"the DC's database is not on this machine ({ad.SamLdbPath})"));
            return;
        }

        var clock = Stopwatch.StartNew();
        foreach (var account in accounts.Take(sample))
        {
            using var process = Process.Start(new ProcessStartInfo("samba-tool")
            {
                ArgumentList = { "user", "setpassword", account.UserName, "--random-password", "-H", $"ldb://{ad.SamLdbPath}", "-s", configFile },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"samba-tool user setpassword {account.UserName} failed: {error}");
            }
        }

        var perSecond = sample / clock.Elapsed.TotalSeconds;
        table.Add(new ResultRow("alt", "samba-tool user setpassword loop", Figures.Rate(perSecond),
            Figures.Rate(rawResetsPerSecond), perSecond / rawResetsPerSecond,
            Note: $"sample of {sample} accounts run one after another, extrapolated: {Figures.Count(accounts.Count)} accounts ≈ "
                + $"{Figures.Seconds(TimeSpan.FromSeconds(accounts.Count / perSecond))}; nothing stored or verified"));
    }
}
