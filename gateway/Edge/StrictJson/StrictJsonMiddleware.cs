using System.Globalization;
using System.Text.Json;
using Google.Rpc;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Extensions.Options;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Edge.StrictJson;

/// <summary>
/// Runs before JSON transcoding, on HTTP/JSON routes only: refuses query strings that bind nothing, bodies over the
/// size limit (413), malformed JSON and bodies that do not match the request message (400), so the service method
/// never sees a request that transcoding would have half-read. Error texts never quote a request value.
/// </summary>
internal sealed class StrictJsonMiddleware(
    RequestDelegate next,
    IOptions<PublicEndpointOptions> options,
    ILogger<StrictJsonMiddleware> logger)
{
    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    public async Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>();
        if (metadata is null)
        {
            await next(context);
            return;
        }

        var route = TranscodedRoute.For(metadata);
        var queryViolations = QueryStringValidator.Validate(context.Request.Query, route);
        if (queryViolations.Count > 0)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, RpcErrors.InvalidArgument(queryViolations),
                "query string");
            return;
        }

        if (route.HasBody && !await CheckBodyAsync(context, route))
        {
            return;
        }

        await next(context);
    }

    /// <summary>Reads and checks the body, then hands transcoding the bytes read; false when refused.</summary>
    private async Task<bool> CheckBodyAsync(HttpContext context, TranscodedRoute route)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        var body = await RequestBody.ReadAsync(context, limit);
        if (body is null)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge(limit), "body too large");
            return false;
        }

        context.Request.Body = new MemoryStream(body, writable: false);
        if (body.Length == 0)
        {
            return true;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, ParseOptions);
        }
        catch (JsonException error)
        {
            // Our own text: the parser's message quotes the offending character, which may belong to a password.
            var where = string.Create(CultureInfo.InvariantCulture,
                $"line {(error.LineNumber ?? 0) + 1}, byte {(error.BytePositionInLine ?? 0) + 1}");
            await RefuseAsync(context, StatusCodes.Status400BadRequest,
                RpcErrors.InvalidArgument("(body)", $"is not valid JSON (problem at {where})"), "malformed JSON");
            return false;
        }

        using (document)
        {
            var violations = route.BodyField is { } field
                ? ProtoJsonValidator.ValidateField(document.RootElement, field)
                : ProtoJsonValidator.ValidateMessage(document.RootElement, route.RequestType, route.PathFields);
            if (violations.Count > 0)
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, RpcErrors.InvalidArgument(violations),
                    "body does not match the request message");
                return false;
            }
        }

        return true;
    }

    private static Grpc.Core.RpcException TooLarge(long limit) =>
        RpcErrors.Create(Code.ResourceExhausted, Reason.InvalidArgument,
            string.Create(CultureInfo.InvariantCulture,
                $"The request body is larger than the limit of {limit} bytes ({PublicEndpointOptions.Section}:MaxRequestBodyBytes)."),
            new Dictionary<string, string>
            {
                ["limit_bytes"] = limit.ToString(CultureInfo.InvariantCulture),
            });

    private async Task RefuseAsync(HttpContext context, int httpStatus, Grpc.Core.RpcException error, string kind)
    {
        EdgeLog.RequestRefused(logger, context.Request.Path.ToString(), httpStatus, kind);
        await EdgeErrorResponse.WriteAsync(context, httpStatus, error);
    }
}
