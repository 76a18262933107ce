using System.Security.Authentication;
using Google.Rpc;
using Grpc.Core;
using PasswordSync.Cli.Output;

namespace PasswordSync.Cli.Errors;

/// <summary>
/// Turns a failure into what a person (stderr text) or a script (--json: one JSON line on stderr) can act on: the
/// gateway's status and message, every google.rpc detail it attached (reason, offending fields, preconditions, retry
/// delay), a hint, and the exit code. The gateway never puts a secret in a status, and neither does this.
/// </summary>
public static class ErrorReport
{
    public static int Print(RpcException e, bool json)
    {
        var status = e.GetRpcStatus() ?? new Google.Rpc.Status { Code = (int)e.StatusCode, Message = e.Status.Detail };
        var hint = Hints.For(e);
        if (json)
        {
            Printer.Note(ProtoJson.Format(new Google.Rpc.Status(status)));
        }

        Printer.Note($"pwsync: error: {Show.Kebab(e.StatusCode.ToString())}: {status.Message}");
        foreach (var line in DetailLines(status))
        {
            Printer.Note("  " + line);
        }

        if ((e.StatusCode == StatusCode.Unavailable || IsTls(e)) && Cause(e) is { } cause)
        {
            // The transport's own words (refused connection, name not resolved, certificate rejected).
            Printer.Note("  cause: " + cause);
        }

        if (hint is not null)
        {
            Printer.Note("hint: " + hint);
        }

        // A refused TLS handshake surfaces as INTERNAL ("Error starting gRPC call"): it is the gateway being
        // unreachable as trusted, so it exits like any other unreachable gateway.
        return IsTls(e) ? ExitCodes.Unavailable : ExitCodeOf(e.StatusCode);
    }

    public static int Print(CliException e)
    {
        Printer.Note($"pwsync: error: {e.Message}");
        if (e.Hint is not null)
        {
            Printer.Note("hint: " + e.Hint);
        }

        return e.ExitCode;
    }

    public static int ExitCodeOf(StatusCode code) => code switch
    {
        StatusCode.OK => ExitCodes.Ok,
        StatusCode.InvalidArgument or StatusCode.OutOfRange => ExitCodes.Usage,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => ExitCodes.Auth,
        StatusCode.NotFound => ExitCodes.NotFound,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => ExitCodes.Unavailable,
        StatusCode.Cancelled => ExitCodes.Interrupted,
        _ => ExitCodes.Failed,
    };

    private static bool IsTls(RpcException e)
    {
        for (Exception? inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    private static string? Cause(RpcException e)
    {
        var innermost = e.Status.DebugException;
        while (innermost?.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost?.Message;
    }

    private static IEnumerable<string> DetailLines(Google.Rpc.Status status)
    {
        if (status.GetDetail<ErrorInfo>() is { } info)
        {
            yield return $"reason: {info.Reason}" + (info.Domain.Length > 0 ? $" ({info.Domain})" : "");
            foreach (var (key, value) in info.Metadata)
            {
                yield return $"{key}: {value}";
            }
        }

        if (status.GetDetail<BadRequest>() is { } badRequest)
        {
            foreach (var violation in badRequest.FieldViolations)
            {
                yield return $"field {violation.Field}: {violation.Description}";
            }
        }

        if (status.GetDetail<PreconditionFailure>() is { } precondition)
        {
            foreach (var violation in precondition.Violations)
            {
                yield return $"precondition {violation.Type} {violation.Subject}: {violation.Description}";
            }
        }

        if (status.GetDetail<RetryInfo>() is { RetryDelay: { } delay })
        {
            yield return $"retry after: {delay.ToTimeSpan().TotalSeconds:0.#} s";
        }

        if (status.GetDetail<ResourceInfo>() is { } resource)
        {
            yield return $"resource: {resource.ResourceType} {resource.ResourceName} {resource.Description}".TrimEnd();
        }
    }

    private static class Hints
    {
        public static string? For(RpcException e) => e.StatusCode switch
        {
            _ when IsTls(e) =>
                "The gateway's TLS certificate is not trusted (or does not match the address). Pass --ca-file with "
                + "its certificate (a local suite: .state/gateway/public-certificate.pem) or set PWSYNC_CA_FILE.",
            StatusCode.Unavailable =>
                "The gateway could not be reached or a service behind it is down: check --url / PWSYNC_URL and that "
                + "the suite is running (./run.sh), then retry.",
            StatusCode.DeadlineExceeded => "No answer in time: retry, or give more time with --timeout.",
            StatusCode.Unauthenticated =>
                "The API key was refused (unknown, revoked or expired): check PWSYNC_API_KEY / PWSYNC_API_KEY_FILE.",
            StatusCode.PermissionDenied =>
                "The API key lacks the permission or the list for this; an admin can create one that has it "
                + "(pwsync admin api-keys create).",
            StatusCode.NotFound => "Check the id (pwsync lists list, pwsync records list <list>, pwsync targets list).",
            StatusCode.InvalidArgument => "Fix the input named above; nothing was changed.",
            StatusCode.Aborted => "It changed since it was read: read it again and retry.",
            StatusCode.AlreadyExists => "Pick another name, or use the existing one.",
            StatusCode.ResourceExhausted => "Too many requests: wait and retry.",
            StatusCode.FailedPrecondition => "The current state does not allow this; see the reason above.",
            _ => null,
        };
    }
}
