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

        return FromStat(stat);
    }

    private static TimeSpan FromStat(string stat)
    {
        // The command name (field 2) is in parentheses and may itself hold spaces or ')': fields count from the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>
    /// CPU time of each of the process's threads named <paramref name="threadName"/> (/proc/PID/task/TID/comm; Linux
    /// keeps 15 characters), e.g. ".NET Tiered Com", the runtime's background (tiered) JIT compiler, by thread id.
    /// </summary>
    public static Dictionary<int, TimeSpan> ReadThreads(int pid, string threadName)
    {
        var threads = new Dictionary<int, TimeSpan>();
        try
        {
            foreach (var task in System.IO.Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == threadName
                        && int.TryParse(Path.GetFileName(task), out var tid))
                    {
                        threads[tid] = FromStat(File.ReadAllText(Path.Combine(task, "stat")));
                    }
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
                {
                    // The thread ended while being looked at.
                }
            }
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException)
        {
            // The process ended.
        }

        return threads;
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
