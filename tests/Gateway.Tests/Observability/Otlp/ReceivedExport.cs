namespace PasswordSync.Gateway.Tests.Observability.Otlp;

/// <summary>One export request as it arrived: the raw request body (before any decoding) and the path it came on.</summary>
public sealed record ReceivedExport(string Path, OtlpProtocol Protocol, byte[] RawBody);
