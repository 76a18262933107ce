using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using PasswordSync.ServiceDefaults.Telemetry;

namespace PasswordSync.Gateway.Edge.Logging;

/// <summary>
/// One line per request: protocol, method, path, status and duration. It replaces ASP.NET Core's "Request starting"
/// and "Request finished" lines, which print the whole URL: a query string can carry anything a caller typed,
/// secrets included, so it never reaches a log. Bodies and headers are never logged either.
/// </summary>
internal sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Log(context, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private void Log(HttpContext context, double elapsedMilliseconds)
    {
        var request = context.Request;
        var path = (request.PathBase + request.Path).ToString();
        // Orchestrators probe every few seconds: a healthy answer is noise at Information; an unhealthy one is not.
        if (HealthProbes.IsProbe(context) && context.Response.StatusCode == StatusCodes.Status200OK
            && GrpcStatus(context) is null or "0")
        {
            EdgeLog.HealthProbeAnswered(logger, path, context.Response.StatusCode, elapsedMilliseconds);
            return;
        }

        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var grpcStatus = GrpcStatus(context);
        if (grpcStatus is null)
        {
            EdgeLog.RequestFinished(logger, request.Protocol, request.Method, path, context.Response.StatusCode,
                elapsedMilliseconds);
        }
        else
        {
            EdgeLog.GrpcRequestFinished(logger, request.Protocol, request.Method, path, context.Response.StatusCode,
                grpcStatus, elapsedMilliseconds);
        }
    }

    /// <summary>gRPC answers HTTP 200 even on failure; its status is in the trailers (or headers, trailers-only).</summary>
    private static string? GrpcStatus(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }

        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        var status = trailers?["grpc-status"].ToString();
        if (string.IsNullOrEmpty(status))
        {
            status = context.Response.Headers["grpc-status"].ToString();
        }

        return string.IsNullOrEmpty(status) ? "unknown" : status;
    }
}
