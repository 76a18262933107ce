using System.Collections.Concurrent;
using System.Collections.Frozen;
using Google.Protobuf.Reflection;

namespace PasswordSync.Gateway.Edge.StrictJson;

/// <summary>Field lookup by the names proto3 JSON accepts: the lowerCamelCase JSON name and the proto name.</summary>
internal static class ProtoFields
{
    private static readonly ConcurrentDictionary<MessageDescriptor, FrozenDictionary<string, FieldDescriptor>> ByName =
        new();

    public static FieldDescriptor? Find(MessageDescriptor type, string name) =>
        ByName.GetOrAdd(type, Index).GetValueOrDefault(name);

    /// <summary>The names a caller may use, for "did you mean" help in errors (JSON names, as clients send them).</summary>
    public static string Names(MessageDescriptor type, IReadOnlySet<string>? excluded = null) =>
        string.Join(", ", type.Fields.InDeclarationOrder()
            .Where(field => excluded?.Contains(field.Name) != true)
            .Select(field => field.JsonName));

    private static FrozenDictionary<string, FieldDescriptor> Index(MessageDescriptor type)
    {
        var names = new Dictionary<string, FieldDescriptor>(StringComparer.Ordinal);
        foreach (var field in type.Fields.InDeclarationOrder())
        {
            names[field.Name] = field;
            names[field.JsonName] = field;
        }

        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
