using System.Globalization;
using Grpc.Core;
using Microsoft.Net.Http.Headers;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Auth.RateLimiting;

internal static class RateLimitErrors
{
    /// <summary>
    /// ResourceExhausted (HTTP 429 through JSON transcoding) saying when to retry: in the message, in the error's
    /// metadata (retry_after_seconds) and as an HTTP Retry-After header.
    /// </summary>
    public static RpcException TooManyRequests(ServerCallContext context, TimeSpan retryAfter, AuthOptions limits)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var text = seconds.ToString(CultureInfo.InvariantCulture);
        context.GetHttpContext().Response.Headers[HeaderNames.RetryAfter] = text;
        return RpcErrors.Create(StatusCode.ResourceExhausted, Reason.RateLimited,
            string.Create(CultureInfo.InvariantCulture,
                $"Too many requests with this API key (at most {limits.RequestsPerSecondPerKey:0.##} per second, bursts of {limits.RequestBurstPerKey}): retry in {seconds} s."),
            new Dictionary<string, string> { ["retry_after_seconds"] = text });
    }

    /// <summary>ResourceExhausted for an address that sent too many unknown keys, saying when to retry.</summary>
    public static RpcException TooManyFailedAuthentications(ServerCallContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var text = seconds.ToString(CultureInfo.InvariantCulture);
        context.GetHttpContext().Response.Headers[HeaderNames.RetryAfter] = text;
        return RpcErrors.Create(StatusCode.ResourceExhausted, Reason.RateLimited,
            string.Create(CultureInfo.InvariantCulture,
                $"Too many requests with unknown, revoked or expired API keys from this address: check the key you send, and retry in {seconds} s."),
            new Dictionary<string, string> { ["retry_after_seconds"] = text });
    }
}
