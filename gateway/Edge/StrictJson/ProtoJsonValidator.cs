using System.Globalization;
using System.Text.Json;
using Google.Protobuf.Reflection;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Edge.StrictJson;

/// <summary>
/// Checks a JSON request body against the protobuf message it must become, the way proto3 JSON defines it, but
/// strictly: an unknown field is an error (JSON transcoding would drop it, so a misspelt "pasword" would silently turn
/// a save into a generate), as are a wrong type, a field given twice, two members of one oneof, and a field that the
/// URL path already sets. Violations name the field by the path the caller wrote, never its value.
/// </summary>
internal sealed class ProtoJsonValidator
{
    private const int MaxViolations = 20;

    private readonly List<FieldViolation> violations = [];

    /// <summary>A body mapped to the whole request (<c>body: "*"</c>), minus the fields bound from the URL path.</summary>
    public static IReadOnlyList<FieldViolation> ValidateMessage(JsonElement body, MessageDescriptor type,
        IReadOnlySet<string> pathFields)
    {
        var validator = new ProtoJsonValidator();
        validator.Message(body, type, "", pathFields);
        return validator.violations;
    }

    /// <summary>A body mapped to one field of the request (<c>body: "list"</c>).</summary>
    public static IReadOnlyList<FieldViolation> ValidateField(JsonElement body, FieldDescriptor field)
    {
        var validator = new ProtoJsonValidator();
        if (body.ValueKind != JsonValueKind.Null)
        {
            validator.Value(body, field, "");
        }

        return validator.violations;
    }

    private void Message(JsonElement json, MessageDescriptor type, string path, IReadOnlySet<string>? pathFields)
    {
        if (WellKnown(json, type, path))
        {
            return;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            Add(path, $"must be a JSON object ({type.Name})");
            return;
        }

        var seen = new Dictionary<FieldDescriptor, string>();
        var oneofs = new Dictionary<OneofDescriptor, string>();
        foreach (var property in json.EnumerateObject())
        {
            var fieldPath = Join(path, property.Name);
            var field = ProtoFields.Find(type, property.Name);
            if (field is null)
            {
                Add(fieldPath, $"unknown field; {type.Name} has: {ProtoFields.Names(type, pathFields)}");
                continue;
            }

            if (pathFields?.Contains(field.Name) == true)
            {
                Add(fieldPath, "is taken from the URL path; remove it from the body");
                continue;
            }

            if (!seen.TryAdd(field, property.Name))
            {
                Add(fieldPath, $"is given more than once (also as '{seen[field]}')");
                continue;
            }

            // null means "not set" in proto3 JSON, for every field type.
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var oneof = field.RealContainingOneof;
            if (oneof is not null && !oneofs.TryAdd(oneof, property.Name))
            {
                Add(fieldPath, $"cannot be set together with '{oneofs[oneof]}': only one of them may be given");
                continue;
            }

            Value(property.Value, field, fieldPath);
        }
    }

    private void Value(JsonElement json, FieldDescriptor field, string path)
    {
        if (field.IsMap)
        {
            Map(json, field, path);
        }
        else if (field.IsRepeated)
        {
            if (json.ValueKind != JsonValueKind.Array)
            {
                Add(path, "must be a JSON array");
                return;
            }

            var index = 0;
            foreach (var item in json.EnumerateArray())
            {
                var itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]");
                if (item.ValueKind == JsonValueKind.Null)
                {
                    Add(itemPath, "must not be null");
                }
                else
                {
                    Single(item, field, itemPath);
                }
            }
        }
        else
        {
            Single(json, field, path);
        }
    }

    private void Map(JsonElement json, FieldDescriptor field, string path)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            Add(path, "must be a JSON object");
            return;
        }

        var keyField = field.MessageType.FindFieldByNumber(1);
        var valueField = field.MessageType.FindFieldByNumber(2);
        foreach (var entry in json.EnumerateObject())
        {
            var entryPath = $"{path}[\"{entry.Name}\"]";
            if (ProtoScalars.CheckText(entry.Name, keyField) is { } keyProblem)
            {
                Add(entryPath, "key " + keyProblem);
            }
            else if (entry.Value.ValueKind == JsonValueKind.Null)
            {
                Add(entryPath, "must not be null");
            }
            else
            {
                Single(entry.Value, valueField, entryPath);
            }
        }
    }

    private void Single(JsonElement json, FieldDescriptor field, string path)
    {
        if (field.FieldType == FieldType.Message)
        {
            Message(json, field.MessageType, path, pathFields: null);
        }
        else if (ProtoScalars.CheckJson(json, field) is { } problem)
        {
            Add(path, problem);
        }
    }

    /// <summary>Types with their own JSON form; true when <paramref name="type"/> is one (and was checked).</summary>
    private bool WellKnown(JsonElement json, MessageDescriptor type, string path)
    {
        if (WellKnownTypes.WrappedValue(type) is { } wrapped)
        {
            Single(json, wrapped, path);
            return true;
        }

        if (WellKnownTypes.IsStringEncoded(type))
        {
            if (json.ValueKind != JsonValueKind.String)
            {
                Add(path, StringEncodedValues.Expectation(type));
            }
            else if (StringEncodedValues.Check(json.GetString()!, type) is { } problem)
            {
                Add(path, problem);
            }

            return true;
        }

        switch (type.FullName)
        {
            case WellKnownTypes.Value:
                return true;
            case WellKnownTypes.Struct:
                if (json.ValueKind != JsonValueKind.Object)
                {
                    Add(path, "must be a JSON object");
                }

                return true;
            case WellKnownTypes.ListValue:
                if (json.ValueKind != JsonValueKind.Array)
                {
                    Add(path, "must be a JSON array");
                }

                return true;
            case WellKnownTypes.Any:
                if (json.ValueKind != JsonValueKind.Object
                    || !json.TryGetProperty("@type", out var typeUrl)
                    || typeUrl.ValueKind != JsonValueKind.String)
                {
                    Add(path, "must be a JSON object with an \"@type\"");
                }

                return true;
            default:
                return false;
        }
    }

    private void Add(string path, string description)
    {
        if (violations.Count < MaxViolations)
        {
            violations.Add(new FieldViolation(path.Length == 0 ? "(body)" : path, description));
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
