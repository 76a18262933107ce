namespace PasswordSync.Benchmarks.Measuring;

/// <summary>
/// Unmeasured runs of a phase until the services' background JIT has settled (its ".NET Tiered Com" threads used at
/// most <see cref="SettledShare"/> of the services' CPU in the last run), at most <c>most</c> runs. .NET re-compiles
/// hot methods in the background (tiered JIT, an instrumented tier first) for many seconds after a service starts;
/// measured with perf, half of the services' CPU in the report right after the cold one, and a quarter in the first
/// large bulk rotation, was that work, which a suite that runs for weeks has long done.
/// </summary>
internal static class JitWarmUp
{
    public const double SettledShare = 0.05;

    /// <summary>Runs <paramref name="run"/> until the JIT settles; the JIT's share of the services' CPU in each run.</summary>
    public static async Task<List<double>> UntilSettledAsync(IReadOnlyDictionary<string, int> servicePids, int most,
        Func<Task> run)
    {
        var shares = new List<double>();
        while (shares.Count < most)
        {
            var jit = JitCpu.Start(servicePids);
            await run();
            shares.Add(jit.Share());
            if (shares[^1] <= SettledShare)
            {
                break;
            }
        }

        return shares;
    }
}
