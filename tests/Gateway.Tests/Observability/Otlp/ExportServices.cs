using Grpc.Core;
using PasswordSync.Gateway.Tests.Observability.Otlp.Collector.Logs;
using PasswordSync.Gateway.Tests.Observability.Otlp.Collector.Metrics;
using PasswordSync.Gateway.Tests.Observability.Otlp.Collector.Trace;

namespace PasswordSync.Gateway.Tests.Observability.Otlp;

/// <summary>The OTLP/gRPC trace collector service: keeps what it receives.</summary>
internal sealed class TraceExportService(ReceivedTelemetry received) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        received.Add(request, OtlpProtocol.Grpc);
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}

/// <summary>The OTLP/gRPC metrics collector service: keeps what it receives.</summary>
internal sealed class MetricsExportService(ReceivedTelemetry received) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request,
        ServerCallContext context)
    {
        received.Add(request, OtlpProtocol.Grpc);
        return Task.FromResult(new ExportMetricsServiceResponse());
    }
}

/// <summary>The OTLP/gRPC logs collector service: keeps what it receives.</summary>
internal sealed class LogsExportService(ReceivedTelemetry received) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        received.Add(request, OtlpProtocol.Grpc);
        return Task.FromResult(new ExportLogsServiceResponse());
    }
}
