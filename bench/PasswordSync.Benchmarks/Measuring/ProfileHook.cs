using System.Diagnostics;
using System.Globalization;

namespace PasswordSync.Benchmarks.Measuring;

/// <summary>
/// Lets a profiler watch exactly one measured phase: when <c>PASSWORDSYNC_BENCH_PROFILE</c> names an executable, it
/// is run as <c>EXE PHASE start</c> just before the phase and <c>EXE PHASE stop</c> just after it, with the services'
/// process ids in <c>PWSYNC_PIDS</c> ("gateway=1,vault=2,directory-sync=3"), e.g. a script that starts and stops
/// <c>perf record</c>. The start command must return once the profiler runs (the phase waits for it, at most a
/// minute). Unset, nothing runs and the figures are the plain ones.
/// </summary>
internal static class ProfileHook
{
    private static readonly string? Command = Environment.GetEnvironmentVariable("PASSWORDSYNC_BENCH_PROFILE");

    public static Task StartAsync(string phase, IReadOnlyDictionary<string, int> pids) => RunAsync(phase, "start", pids);

    public static Task StopAsync(string phase, IReadOnlyDictionary<string, int> pids) => RunAsync(phase, "stop", pids);

    private static async Task RunAsync(string phase, string step, IReadOnlyDictionary<string, int> pids)
    {
        if (string.IsNullOrEmpty(Command))
        {
            return;
        }

        var info = new ProcessStartInfo(Command) { UseShellExecute = false };
        info.ArgumentList.Add(phase);
        info.ArgumentList.Add(step);
        info.Environment["PWSYNC_PIDS"] = string.Join(',',
            pids.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key}={pair.Value}")));
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
    }
}
