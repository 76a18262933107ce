using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace PasswordSync.DirectorySync.Tests.Observability;

/// <summary>
/// Listens to one meter (by name) and keeps every measurement with its tags. Other tests in this assembly may record
/// on the same meter meanwhile, so assertions filter on something unique to their own test (a server name, a target).
/// </summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<Measurement> measurements = new();

    public MeasurementRecorder(string meterName)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        listener.Start();
    }

    public IReadOnlyCollection<Measurement> Measurements => measurements.ToArray();

    public void Dispose() => listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        measurements.Enqueue(new Measurement(instrument.Name, value,
            tags.ToArray().ToDictionary(t => t.Key, t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")));

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string> Tags);
}
