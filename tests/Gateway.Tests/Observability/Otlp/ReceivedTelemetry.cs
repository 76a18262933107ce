using System.Collections.Concurrent;
using Google.Protobuf;
using PasswordSync.Gateway.Tests.Observability.Otlp.Collector.Logs;
using PasswordSync.Gateway.Tests.Observability.Otlp.Collector.Metrics;
using PasswordSync.Gateway.Tests.Observability.Otlp.Collector.Trace;
using PasswordSync.Gateway.Tests.Observability.Otlp.Common;

namespace PasswordSync.Gateway.Tests.Observability.Otlp;

/// <summary>
/// Everything the receiver got, raw and decoded, flattened for assertions: spans, metric data points and log records,
/// each with the service.name of the process that sent it. Thread-safe: exports arrive while tests read.
/// </summary>
public sealed class ReceivedTelemetry
{
    public const string ServiceNameAttribute = "service.name";

    private readonly ConcurrentQueue<ReceivedExport> raw = new();
    private readonly ConcurrentQueue<IMessage> decoded = new();
    private readonly ConcurrentQueue<ReceivedSpan> spans = new();
    private readonly ConcurrentQueue<ReceivedDataPoint> dataPoints = new();
    private readonly ConcurrentQueue<ReceivedLog> logs = new();

    public IReadOnlyCollection<ReceivedExport> RawExports => raw.ToArray();

    public IReadOnlyCollection<ReceivedSpan> Spans => spans.ToArray();

    public IReadOnlyCollection<ReceivedDataPoint> DataPoints => dataPoints.ToArray();

    public IReadOnlyCollection<ReceivedLog> Logs => logs.ToArray();

    public void AddRaw(ReceivedExport export) => raw.Enqueue(export);

    public void Add(ExportTraceServiceRequest request, OtlpProtocol protocol)
    {
        decoded.Enqueue(request);
        foreach (var resource in request.ResourceSpans)
        {
            var service = ServiceName(resource.Resource);
            foreach (var span in resource.ScopeSpans.SelectMany(scope => scope.Spans.Select(s => (scope, s))))
            {
                spans.Enqueue(new ReceivedSpan(service, protocol, span.scope.Scope?.Name ?? "", span.s));
            }
        }
    }

    public void Add(ExportMetricsServiceRequest request, OtlpProtocol protocol)
    {
        decoded.Enqueue(request);
        foreach (var resource in request.ResourceMetrics)
        {
            var service = ServiceName(resource.Resource);
            foreach (var metric in resource.ScopeMetrics.SelectMany(scope => scope.Metrics))
            {
                var points = metric.Sum?.DataPoints.Select(p => (p.Attributes, Value: p.HasAsInt ? p.AsInt : p.AsDouble))
                    ?? metric.Gauge?.DataPoints.Select(p => (p.Attributes, Value: p.HasAsInt ? p.AsInt : p.AsDouble))
                    ?? metric.Histogram?.DataPoints.Select(p => (p.Attributes, Value: (double)p.Count))
                    ?? [];
                foreach (var (attributes, value) in points)
                {
                    dataPoints.Enqueue(new ReceivedDataPoint(service, protocol, metric.Name, Flatten(attributes), value));
                }
            }
        }
    }

    public void Add(ExportLogsServiceRequest request, OtlpProtocol protocol)
    {
        decoded.Enqueue(request);
        foreach (var resource in request.ResourceLogs)
        {
            var service = ServiceName(resource.Resource);
            foreach (var record in resource.ScopeLogs.SelectMany(scope => scope.LogRecords))
            {
                logs.Enqueue(new ReceivedLog(service, protocol, record));
            }
        }
    }

    /// <summary>Every string field of every decoded export (names, attribute keys and values, bodies, messages).</summary>
    public IReadOnlyList<string> DecodedStrings()
    {
        var strings = new List<string>();
        foreach (var message in decoded.ToArray())
        {
            CollectStrings(message, strings);
        }

        return strings;
    }

    public static IReadOnlyDictionary<string, string> Flatten(IEnumerable<KeyValue> attributes) =>
        attributes.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => Text(g.Last().Value));

    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        null or AnyValue.ValueOneofCase.None => "",
        _ => value.ToString(),
    };

    private static string ServiceName(Resource.Resource? resource) =>
        resource is null ? "" : Flatten(resource.Attributes).GetValueOrDefault(ServiceNameAttribute, "");

    // Walks any message through its descriptor, so a string in a field this test never reads is still searched.
    private static void CollectStrings(IMessage message, List<string> strings)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            var items = field.IsRepeated ? ((System.Collections.IEnumerable)value).Cast<object>() : [value];
            foreach (var item in items)
            {
                switch (item)
                {
                    case string text:
                        strings.Add(text);
                        break;
                    case ByteString bytes:
                        strings.Add(bytes.ToStringUtf8());
                        break;
                    case IMessage nested:
                        CollectStrings(nested, strings);
                        break;
                }
            }
        }
    }
}
