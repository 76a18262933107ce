using Google.Rpc;
using Grpc.Core;

namespace PasswordSync.Gateway.Api;

/// <summary>
/// Calls to the vault and directory-sync from the public API. Their failures pass through with the status code,
/// message, reason (ErrorInfo) and field violations (BadRequest) intact; only the field names are translated to the
/// public ones, so a caller is told about the field it actually sent. Backend messages are written by our services
/// and never hold a secret.
/// </summary>
internal static class BackendCalls
{
    private const string InvalidRequestPrefix = "Invalid request: ";

    public static Task<T> Call<T>(AsyncUnaryCall<T> call) => Call(call, FieldNames.Same);

    public static async Task<T> Call<T>(AsyncUnaryCall<T> call, FieldNames names)
    {
        using (call)
        {
            try
            {
                return await call.ResponseAsync;
            }
            catch (RpcException error)
            {
                throw Translate(error, names);
            }
        }
    }

    /// <summary>The same failure, with field names in BadRequest details (and the message listing them) made public.</summary>
    public static RpcException Translate(RpcException error, FieldNames names)
    {
        var status = error.GetRpcStatus();
        if (status is null)
        {
            // A failure without rich details (e.g. the backend could not be reached): keep its code and text only, so
            // no backend trailer leaks through.
            return new RpcException(new Grpc.Core.Status(error.StatusCode, error.Status.Detail));
        }

        var renamed = false;
        var details = status.Details.Select(detail =>
        {
            if (!detail.TryUnpack<BadRequest>(out var badRequest))
            {
                return detail;
            }

            foreach (var violation in badRequest.FieldViolations)
            {
                var publicName = names.ToPublic(violation.Field);
                renamed |= publicName != violation.Field;
                violation.Field = publicName;
            }

            return Google.Protobuf.WellKnownTypes.Any.Pack(badRequest);
        }).ToList();

        var translated = new Google.Rpc.Status { Code = status.Code, Message = status.Message, Details = { details } };
        if (renamed && status.Message.StartsWith(InvalidRequestPrefix, StringComparison.Ordinal)
            && translated.GetDetail<BadRequest>() is { } publicFields)
        {
            // The services write "Invalid request: field: description; ..." (RpcErrors.InvalidArgument): say the same
            // with the public names.
            translated.Message = InvalidRequestPrefix
                + string.Join("; ", publicFields.FieldViolations.Select(v => $"{v.Field}: {v.Description}"));
        }

        return translated.ToRpcException();
    }
}
