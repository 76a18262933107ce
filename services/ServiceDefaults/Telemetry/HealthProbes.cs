using Microsoft.AspNetCore.Http;

namespace PasswordSync.ServiceDefaults.Telemetry;

/// <summary>
/// Health probes (HTTP <c>/health</c> and the gRPC health service) arrive every few seconds from every orchestrator:
/// they are neither traced nor logged per request, so they never drown the requests that matter.
/// </summary>
public static class HealthProbes
{
    public const string GrpcHealthServicePath = "/grpc.health.v1.Health";

    public static bool IsProbe(HttpContext context) => IsProbe(context.Request.Path);

    public static bool IsProbe(PathString path) =>
        path.StartsWithSegments(ServiceDefaultsExtensions.HealthPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(GrpcHealthServicePath, StringComparison.Ordinal);
}
