using PasswordSync.Gateway.Tests.Observability.Otlp.Logs;
using PasswordSync.Gateway.Tests.Observability.Otlp.Trace;

namespace PasswordSync.Gateway.Tests.Observability.Otlp;

/// <summary>One exported span, with the service that sent it and its instrumentation scope (activity source).</summary>
public sealed record ReceivedSpan(string Service, OtlpProtocol Protocol, string Scope, Span Span)
{
    public string TraceId => Convert.ToHexStringLower(Span.TraceId.Span);

    public string SpanId => Convert.ToHexStringLower(Span.SpanId.Span);

    public string ParentSpanId => Convert.ToHexStringLower(Span.ParentSpanId.Span);

    public IReadOnlyDictionary<string, string> Attributes => ReceivedTelemetry.Flatten(Span.Attributes);

    public override string ToString() => $"{Service}: {Span.Kind} '{Span.Name}' ({Scope}) {SpanId} <- {ParentSpanId}";
}

/// <summary>One data point of one exported metric (a histogram's value is its count).</summary>
public sealed record ReceivedDataPoint(string Service, OtlpProtocol Protocol, string Metric,
    IReadOnlyDictionary<string, string> Attributes, double Value);

/// <summary>One exported log record, with the service that sent it.</summary>
public sealed record ReceivedLog(string Service, OtlpProtocol Protocol, LogRecord Record)
{
    public string Body => ReceivedTelemetry.Text(Record.Body);
}
