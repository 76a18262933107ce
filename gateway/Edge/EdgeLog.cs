namespace PasswordSync.Gateway.Edge;

/// <summary>The public edge's log lines. None carries a request body, a query string or a header value.</summary>
internal static partial class EdgeLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Public endpoint certificate: {CertificatePath} (configured), SHA-256 {Thumbprint}, valid until {NotAfter:u}")]
    public static partial void UsingConfiguredCertificate(ILogger logger, string certificatePath, string thumbprint,
        DateTime notAfter);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information,
        Message = "Public endpoint certificate: {CertificatePath} (generated; clients trust it with curl --cacert {CertificatePath}), SHA-256 {Thumbprint}, valid until {NotAfter:u}")]
    public static partial void UsingGeneratedCertificate(ILogger logger, string certificatePath, string thumbprint,
        DateTime notAfter);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information,
        Message = "Generated a self-signed certificate for the public endpoint at {CertificatePath}")]
    public static partial void GeneratedCertificateCreated(ILogger logger, string certificatePath);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning,
        Message = "The generated certificate {CertificatePath} expires {NotAfter:u}: generating a new one; clients must trust the new file")]
    public static partial void GeneratedCertificateExpiring(ILogger logger, string certificatePath, DateTime notAfter);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning,
        Message = "The key file {KeyPath} was readable by other users: restricted it to its owner")]
    public static partial void KeyFileTightened(ILogger logger, string keyPath);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information,
        Message = "{Protocol} {Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    public static partial void RequestFinished(ILogger logger, string protocol, string method, string path,
        int statusCode, double elapsedMilliseconds);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information,
        Message = "{Protocol} {Method} {Path} answered {StatusCode} grpc-status {GrpcStatus} in {ElapsedMilliseconds:0.0} ms")]
    public static partial void GrpcRequestFinished(ILogger logger, string protocol, string method, string path,
        int statusCode, string grpcStatus, double elapsedMilliseconds);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Debug,
        Message = "Health probe {Path} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    public static partial void HealthProbeAnswered(ILogger logger, string path, int statusCode,
        double elapsedMilliseconds);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information,
        Message = "Refused HTTP/JSON request to {Path}: {Status} {Reason}")]
    public static partial void RequestRefused(ILogger logger, string path, int status, string reason);
}
