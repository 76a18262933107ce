using Google.Protobuf.Reflection;
using Microsoft.Extensions.Primitives;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Edge.StrictJson;

/// <summary>
/// Query parameters must name a field of the request and hold a value of its type. On methods with a JSON body none
/// is accepted: everything goes in the body, where it is checked strictly (and query strings end up in proxies' logs).
/// Without this, JSON transcoding ignores unknown parameters and quotes a bad value back in its error message.
/// </summary>
internal static class QueryStringValidator
{
    public static IReadOnlyList<FieldViolation> Validate(IQueryCollection query, TranscodedRoute route)
    {
        if (query.Count == 0)
        {
            return [];
        }

        if (route.HasBody)
        {
            return query.Keys.Select(name => new FieldViolation(name,
                    "query parameters are not accepted by this method: send every field in the JSON body"))
                .ToList();
        }

        var violations = new List<FieldViolation>();
        foreach (var (name, values) in query)
        {
            if (Check(name, values, route) is { } problem)
            {
                violations.Add(new FieldViolation(name, problem));
            }
        }

        return violations;
    }

    private static string? Check(string name, StringValues values, TranscodedRoute route)
    {
        var type = route.RequestType;
        var segments = name.Split('.');
        FieldDescriptor? field = null;
        for (var i = 0; i < segments.Length; i++)
        {
            field = ProtoFields.Find(type, segments[i]);
            if (field is null)
            {
                var accepted = ProtoFields.Names(route.RequestType, route.PathFields);
                return accepted.Length == 0
                    ? "unknown query parameter; this method takes no query parameters"
                    : $"unknown query parameter; this method accepts: {accepted}";
            }

            if (i == 0 && route.PathFields.Contains(field.Name))
            {
                return "is taken from the URL path; remove it from the query string";
            }

            var last = i == segments.Length - 1;
            if (!last)
            {
                if (field.FieldType != FieldType.Message || field.IsRepeated || field.IsMap)
                {
                    return "unknown query parameter: only message fields have sub-fields";
                }

                type = field.MessageType;
            }
        }

        if (!field!.IsRepeated && values.Count > 1)
        {
            return "is given more than once";
        }

        foreach (var value in values)
        {
            if (CheckValue(value ?? "", field) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? CheckValue(string value, FieldDescriptor field)
    {
        if (field.IsMap)
        {
            return "cannot be given in the query string";
        }

        if (field.FieldType != FieldType.Message)
        {
            return ProtoScalars.CheckText(value, field);
        }

        if (WellKnownTypes.WrappedValue(field.MessageType) is { } wrapped)
        {
            return ProtoScalars.CheckText(value, wrapped);
        }

        return WellKnownTypes.IsStringEncoded(field.MessageType)
            ? StringEncodedValues.Check(value, field.MessageType)
            : "is a message: give its fields as name.field";
    }
}
