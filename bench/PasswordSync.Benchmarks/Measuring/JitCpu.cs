namespace PasswordSync.Benchmarks.Measuring;

/// <summary>
/// How much of the services' CPU went to .NET's background (tiered) JIT compiler between <see cref="Start"/> and
/// <see cref="Share"/>: the CPU of their ".NET Tiered Com" threads over all their CPU. Tells a warm service from one
/// still re-compiling its hot methods. Counted per thread: the runtime ends that thread when it has nothing to do and
/// starts a new one later, so a thread that ended inside the window is not counted (an undercount, never negative).
/// </summary>
internal sealed class JitCpu
{
    private const string JitThread = ".NET Tiered Com";

    private readonly IReadOnlyDictionary<string, int> pids;
    private readonly TimeSpan totalBefore;
    private readonly IReadOnlyDictionary<(int Pid, int Tid), TimeSpan> jitBefore;

    private JitCpu(IReadOnlyDictionary<string, int> pids)
    {
        this.pids = pids;
        totalBefore = Total();
        jitBefore = JitThreads();
    }

    public static JitCpu Start(IReadOnlyDictionary<string, int> pids) => new(pids);

    /// <summary>The JIT's share of the services' CPU since <see cref="Start"/> (0 when they used none).</summary>
    public double Share()
    {
        var used = (Total() - totalBefore).TotalMilliseconds;
        var jit = JitThreads().Sum(thread =>
            (thread.Value - jitBefore.GetValueOrDefault(thread.Key)).TotalMilliseconds);
        return used <= 0 ? 0 : Math.Clamp(jit / used, 0, 1);
    }

    private TimeSpan Total() => pids.Values.Aggregate(TimeSpan.Zero, (sum, pid) => sum + (ProcessCpu.Read(pid) ?? TimeSpan.Zero));

    private Dictionary<(int Pid, int Tid), TimeSpan> JitThreads()
    {
        var threads = new Dictionary<(int Pid, int Tid), TimeSpan>();
        foreach (var pid in pids.Values)
        {
            foreach (var (tid, cpu) in ProcessCpu.ReadThreads(pid, JitThread))
            {
                threads[(pid, tid)] = cpu;
            }
        }

        return threads;
    }
}
