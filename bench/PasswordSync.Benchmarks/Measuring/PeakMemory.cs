using System.Globalization;

namespace PasswordSync.Benchmarks.Measuring;

/// <summary>
/// Peak resident memory of a process as Linux counts it (VmHWM in /proc/PID/status). Writing 5 to
/// /proc/PID/clear_refs resets the peak to the current resident size, so one long-lived process can be measured
/// over several phases.
/// </summary>
internal static class PeakMemory
{
    public static void Reset(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    /// <summary>VmHWM in bytes.</summary>
    public static long Read(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmHWM line.");
    }
}
