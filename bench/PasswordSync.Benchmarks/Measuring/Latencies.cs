namespace PasswordSync.Benchmarks.Measuring;

/// <summary>Request latencies of one measured run (thread-safe adds), and their percentiles.</summary>
internal sealed class Latencies
{
    private readonly List<double> milliseconds = [];

    public void Add(TimeSpan latency)
    {
        lock (milliseconds)
        {
            milliseconds.Add(latency.TotalMilliseconds);
        }
    }

    /// <summary>The nearest-rank percentile in milliseconds (p in 0..100).</summary>
    public double Percentile(double p)
    {
        lock (milliseconds)
        {
            if (milliseconds.Count == 0)
            {
                return double.NaN;
            }

            milliseconds.Sort();
            var rank = (int)Math.Ceiling(p / 100 * milliseconds.Count);
            return milliseconds[Math.Clamp(rank - 1, 0, milliseconds.Count - 1)];
        }
    }
}
