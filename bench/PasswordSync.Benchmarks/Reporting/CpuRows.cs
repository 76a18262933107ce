using System.Globalization;
using PasswordSync.Benchmarks.Measuring;

namespace PasswordSync.Benchmarks.Reporting;

/// <summary>
/// CPU milliseconds per operation of each measured process over one phase, their total, and the whole machine's busy
/// time next to it: where the cores went. On 2 shared cores every millisecond a
/// product process spends is one the directory does not get.
/// </summary>
internal static class CpuRows
{
    public static void Add(ResultTable table, string section, string operation, CpuReading cpu, int operations,
        TimeSpan elapsed, Func<string, string>? noteFor = null)
    {
        if (operations == 0)
        {
            return;
        }

        string PerOperation(TimeSpan used) =>
            (used.TotalMilliseconds / operations).ToString("0.000", CultureInfo.InvariantCulture) + " ms";
        var total = TimeSpan.Zero;
        foreach (var (name, used) in cpu.Used.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (used is { } time)
            {
                total += time;
                table.Add(new ResultRow(section, $"CPU per {operation}: {name}", PerOperation(time),
                    Note: $"{Figures.Seconds(time)} CPU (utime+stime) over {Figures.Count(operations)} {operation}s"
                        + (noteFor?.Invoke(name) ?? "")));
            }
        }

        table.Add(new ResultRow(section, $"CPU per {operation}: all of the above", PerOperation(total),
            Note: $"the whole machine was busy {Figures.Seconds(cpu.MachineBusy)} of "
                + $"{Figures.Seconds(elapsed * Environment.ProcessorCount)} core time ({PerOperation(cpu.MachineBusy)} "
                + $"per {operation}); load average at the end {LoadAverage()}"));
    }

    private static string LoadAverage() =>
        string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
