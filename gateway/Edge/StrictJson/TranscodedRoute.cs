using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace PasswordSync.Gateway.Edge.StrictJson;

/// <summary>What an HTTP/JSON route binds where: the request message, the body mapping and the URL path fields.</summary>
internal sealed partial class TranscodedRoute
{
    private static readonly ConcurrentDictionary<GrpcJsonTranscodingMetadata, TranscodedRoute> Cache = new();

    private TranscodedRoute(MessageDescriptor requestType, string body, IReadOnlySet<string> pathFields)
    {
        RequestType = requestType;
        Body = body;
        PathFields = pathFields;
        BodyField = body is "" or "*" ? null : requestType.FindFieldByName(body);
    }

    public MessageDescriptor RequestType { get; }

    /// <summary>The rule's body: "" (none: fields come from path and query), "*" (the whole request) or a field name.</summary>
    public string Body { get; }

    public bool HasBody => Body.Length > 0;

    public FieldDescriptor? BodyField { get; }

    /// <summary>Top-level request fields bound from the URL path (e.g. <c>record_id</c>).</summary>
    public IReadOnlySet<string> PathFields { get; }

    public static TranscodedRoute For(GrpcJsonTranscodingMetadata metadata) => Cache.GetOrAdd(metadata, Create);

    private static TranscodedRoute Create(GrpcJsonTranscodingMetadata metadata)
    {
        var rule = metadata.HttpRule;
        var template = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => rule.Get,
            HttpRule.PatternOneofCase.Put => rule.Put,
            HttpRule.PatternOneofCase.Post => rule.Post,
            HttpRule.PatternOneofCase.Delete => rule.Delete,
            HttpRule.PatternOneofCase.Patch => rule.Patch,
            HttpRule.PatternOneofCase.Custom => rule.Custom.Path,
            _ => "",
        };

        var pathFields = PathVariable().Matches(template)
            .Select(match => match.Groups["field"].Value.Split('.')[0])
            .ToHashSet(StringComparer.Ordinal);
        return new TranscodedRoute(metadata.MethodDescriptor.InputType, rule.Body, pathFields);
    }

    [GeneratedRegex(@"\{(?<field>[A-Za-z0-9_.]+)(=[^}]*)?\}")]
    private static partial Regex PathVariable();
}
