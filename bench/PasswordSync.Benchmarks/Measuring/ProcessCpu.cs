using System.Globalization;

namespace PasswordSync.Benchmarks.Measuring;

/// <summary>
/// CPU time a process has used so far, as Linux accounts it: utime + stime (fields 14 and 15) of /proc/PID/stat, all
/// threads included. CPU time, unlike a wall-clock rate, does not shrink when other work shares the cores, so "CPU
/// per rotation" stays comparable between a quiet and a loaded machine.
/// </summary>
internal static class ProcessCpu
{
    // /proc reports clock ticks in USER_HZ, which the kernel fixes at 100 for user space on x86 and arm64.
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU time of the process, or null when it no longer exists.</summary>
    public static TimeSpan? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may itself hold spaces or ')': fields count from the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Busy CPU time of the whole machine (all cores: /proc/stat's first line less idle and iowait).</summary>
    public static TimeSpan MachineBusy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var busy = ticks.Sum() - ticks[3] - ticks[4];
        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }
}
