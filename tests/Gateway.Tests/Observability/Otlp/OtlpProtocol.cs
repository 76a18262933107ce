namespace PasswordSync.Gateway.Tests.Observability.Otlp;

/// <summary>The two OTLP transports the receiver serves (OTEL_EXPORTER_OTLP_PROTOCOL's values).</summary>
public enum OtlpProtocol
{
    /// <summary>"grpc": OTLP/gRPC over HTTP/2 (h2c).</summary>
    Grpc,

    /// <summary>"http/protobuf": POST /v1/traces, /v1/metrics, /v1/logs with a protobuf body over HTTP/1.1.</summary>
    HttpProtobuf,
}
