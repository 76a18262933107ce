using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using PasswordSync.Common.V1;

namespace PasswordSync.ServiceDefaults;

/// <summary>
/// Builds the RpcExceptions every service throws: a gRPC status, a message that says what to do, and
/// rich details (google.rpc.ErrorInfo with our reason code; google.rpc.BadRequest naming offending fields).
/// Messages must never contain a secret: callers pass fixed, human-written text.
/// </summary>
public static class RpcErrors
{
    public const string ErrorDomain = "passwordsync";

    public static RpcException Create(Code code, Reason reason, string message,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var info = new ErrorInfo { Domain = ErrorDomain, Reason = ReasonName(reason) };
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                info.Metadata[key] = value;
            }
        }

        var status = new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } };
        return status.ToRpcException();
    }

    public static RpcException Create(StatusCode code, Reason reason, string message,
        IReadOnlyDictionary<string, string>? metadata = null) =>
        Create((Code)(int)code, reason, message, metadata);

    public static RpcException InvalidArgument(IReadOnlyCollection<FieldViolation> violations)
    {
        var message = "Invalid request: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"));
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v =>
            new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = message,
            Details =
            {
                Any.Pack(new ErrorInfo { Domain = ErrorDomain, Reason = ReasonName(Reason.InvalidArgument) }),
                Any.Pack(badRequest),
            },
        };
        return status.ToRpcException();
    }

    public static RpcException InvalidArgument(string field, string description) =>
        InvalidArgument([new FieldViolation(field, description)]);

    public static RpcException NotFound(string what, string id) =>
        Create(Code.NotFound, Reason.NotFound, $"{what} '{id}' does not exist.");

    public static RpcException VersionConflict(string what, string id) =>
        Create(Code.Aborted, Reason.VersionConflict,
            $"{what} '{id}' was changed by someone else since you read it: read it again and retry with the new version.");

    /// <summary>The reason's proto name without the enum prefix, e.g. "TLS_UNTRUSTED".</summary>
    public static string ReasonName(Reason reason) =>
        CommonReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Reason")
            ?.FindValueByNumber((int)reason)?.Name.Replace("REASON_", "", StringComparison.Ordinal)
        ?? reason.ToString();

    /// <summary>Reads the reason code back from an RpcException (for clients and tests).</summary>
    public static string? GetReason(this RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;

    /// <summary>Reads the offending field names back from an InvalidArgument RpcException.</summary>
    public static IReadOnlyList<string> GetViolatedFields(this RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
}

/// <summary>One invalid field of a request, and why.</summary>
public sealed record FieldViolation(string Field, string Description);
