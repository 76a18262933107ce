namespace PasswordSync.Benchmarks.Measuring;

/// <summary>
/// CPU time each named process used between <see cref="Start"/> and <see cref="Stop"/>, next to the whole machine's
/// busy time over the same window (so a reader sees how much of the cores other work took).
/// </summary>
internal sealed class CpuUsage
{
    private readonly IReadOnlyDictionary<string, int> pids;
    private readonly Dictionary<string, TimeSpan?> before;
    private readonly TimeSpan machineBefore;

    private CpuUsage(IReadOnlyDictionary<string, int> pids)
    {
        this.pids = pids;
        before = pids.ToDictionary(pair => pair.Key, pair => ProcessCpu.Read(pair.Value));
        machineBefore = ProcessCpu.MachineBusy();
    }

    public static CpuUsage Start(IReadOnlyDictionary<string, int> pids) => new(pids);

    /// <summary>CPU time used per process since <see cref="Start"/> (null when the process vanished meanwhile).</summary>
    public CpuReading Stop()
    {
        var used = pids.ToDictionary(pair => pair.Key, pair =>
            ProcessCpu.Read(pair.Value) is { } after && before[pair.Key] is { } start ? after - start : (TimeSpan?)null);
        return new CpuReading(used, ProcessCpu.MachineBusy() - machineBefore);
    }
}

/// <summary>CPU time per process over one measured phase, and the machine's busy time over it.</summary>
internal sealed record CpuReading(IReadOnlyDictionary<string, TimeSpan?> Used, TimeSpan MachineBusy);
