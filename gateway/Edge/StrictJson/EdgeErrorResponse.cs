using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;

namespace PasswordSync.Gateway.Edge.StrictJson;

/// <summary>
/// Writes a refusal the way JSON transcoding writes gRPC errors: a google.rpc.Status as JSON
/// (<c>{"code", "message", "details": [ErrorInfo, BadRequest…]}</c>), so clients parse one error shape.
/// </summary>
internal static class EdgeErrorResponse
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(
        TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor)));

    public static async Task WriteAsync(HttpContext context, int httpStatus, RpcException error)
    {
        var status = error.GetRpcStatus()
                     ?? new Google.Rpc.Status { Code = (int)error.StatusCode, Message = error.Status.Detail };
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(Formatter.Format(status), context.RequestAborted);
    }
}
