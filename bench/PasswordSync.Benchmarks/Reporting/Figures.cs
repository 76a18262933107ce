using System.Globalization;

namespace PasswordSync.Benchmarks.Reporting;

/// <summary>How figures are written in the table (invariant culture: the doc reads the same on every machine).</summary>
internal static class Figures
{
    public static string Rate(double perSecond, string unit = "/s") =>
        perSecond.ToString(perSecond >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + unit;

    public static string Milliseconds(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>CPU time per operation (utime + stime are counted in 10 ms ticks: over hundreds of operations, 0.01 ms).</summary>
    public static string CpuMilliseconds(TimeSpan perOperation) =>
        perOperation.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    public static string Percent(double share) =>
        (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Megabytes(long bytes) =>
        (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " MiB";

    public static string Seconds(TimeSpan elapsed) =>
        elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string Ratio(double? ratio) =>
        ratio is null ? "" : ratio.Value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
