using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Gateway.Tests.Observability.Otlp.Collector.Logs;
using PasswordSync.Gateway.Tests.Observability.Otlp.Collector.Metrics;
using PasswordSync.Gateway.Tests.Observability.Otlp.Collector.Trace;

namespace PasswordSync.Gateway.Tests.Observability.Otlp;

/// <summary>
/// A minimal OpenTelemetry collector in the test process, on loopback: OTLP/gRPC (HTTP/2 without TLS, the services'
/// exporter's default) on <see cref="GrpcEndpoint"/> and OTLP/HTTP with protobuf bodies on <see cref="HttpEndpoint"/>.
/// Every request body is kept exactly as it arrived, before any decoding, so a test can search the bytes the services
/// really sent, not just what this receiver's partial protos decode.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private OtlpReceiver(WebApplication app, int grpcPort, int httpPort)
    {
        this.app = app;
        GrpcEndpoint = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpEndpoint = new Uri($"http://127.0.0.1:{httpPort}");
    }

    public Uri GrpcEndpoint { get; }

    public Uri HttpEndpoint { get; }

    public ReceivedTelemetry Received => app.Services.GetRequiredService<ReceivedTelemetry>();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var (grpcPort, httpPort) = (FreePort.Next(), FreePort.Next());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, httpPort, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        builder.Services.AddSingleton<ReceivedTelemetry>();
        builder.Services.AddGrpc(options => options.MaxReceiveMessageSize = 64 * 1024 * 1024);

        var app = builder.Build();
        var received = app.Services.GetRequiredService<ReceivedTelemetry>();
        app.Use(async (context, next) =>
        {
            // Keep the raw body, then hand an identical copy to gRPC or the HTTP endpoints.
            using var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy, context.RequestAborted);
            var body = copy.ToArray();
            var protocol = context.Connection.LocalPort == grpcPort ? OtlpProtocol.Grpc : OtlpProtocol.HttpProtobuf;
            received.AddRaw(new ReceivedExport(context.Request.Path, protocol, body));
            context.Request.Body = new MemoryStream(body, writable: false);
            await next(context);
        });
        app.MapGrpcService<TraceExportService>();
        app.MapGrpcService<MetricsExportService>();
        app.MapGrpcService<LogsExportService>();
        MapHttp(app, "/v1/traces", ExportTraceServiceRequest.Parser, r => received.Add(r, OtlpProtocol.HttpProtobuf),
            new ExportTraceServiceResponse());
        MapHttp(app, "/v1/metrics", ExportMetricsServiceRequest.Parser,
            r => received.Add(r, OtlpProtocol.HttpProtobuf), new ExportMetricsServiceResponse());
        MapHttp(app, "/v1/logs", ExportLogsServiceRequest.Parser, r => received.Add(r, OtlpProtocol.HttpProtobuf),
            new ExportLogsServiceResponse());

        await app.StartAsync();
        return new OtlpReceiver(app, grpcPort, httpPort);
    }

    /// <summary>Environment variables that point a service's OTLP exporter here, exporting every half second.</summary>
    public IReadOnlyDictionary<string, string> ExporterEnvironment(OtlpProtocol protocol) =>
        new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = (protocol == OtlpProtocol.Grpc ? GrpcEndpoint : HttpEndpoint).ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol == OtlpProtocol.Grpc ? "grpc" : "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "500",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static void MapHttp<TRequest>(WebApplication app, string path, MessageParser<TRequest> parser,
        Action<TRequest> add, IMessage response)
        where TRequest : IMessage<TRequest> =>
        app.MapPost(path, async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            add(parser.ParseFrom(body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
            await context.Response.Body.WriteAsync(response.ToByteArray(), context.RequestAborted);
        });
}
