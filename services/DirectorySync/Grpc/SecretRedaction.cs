using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace PasswordSync.DirectorySync.Grpc;

/// <summary>
/// Text of a protobuf message safe for logs: every field marked <c>[debug_redact = true]</c> in the .proto, at any
/// depth, is replaced by "***". Needed because the C# generated ToString() prints secret fields verbatim.
/// </summary>
public static class SecretRedaction
{
    public const string Mask = "***";

    public static string ToRedactedString(this IMessage message)
    {
        var copy = message.Descriptor.Parser.ParseFrom(message.ToByteString());
        Redact(copy);
        return copy.ToString() ?? "";
    }

    private static void Redact(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.GetOptions()?.DebugRedact == true)
            {
                RedactField(message, field, value);
            }
            else if (field.FieldType == FieldType.Message)
            {
                foreach (var child in Children(field, value))
                {
                    Redact(child);
                }
            }
        }
    }

    private static void RedactField(IMessage message, FieldDescriptor field, object? value)
    {
        if (field.IsRepeated || field.IsMap || field.FieldType != FieldType.String)
        {
            // Non-string secrets are dropped whole: nothing of them is needed in a log.
            field.Accessor.Clear(message);
        }
        else if (value is string { Length: > 0 })
        {
            field.Accessor.SetValue(message, Mask);
        }
    }

    private static IEnumerable<IMessage> Children(FieldDescriptor field, object? value) => value switch
    {
        IMessage single => [single],
        System.Collections.IDictionary map => map.Values.OfType<IMessage>(),
        System.Collections.IEnumerable many => many.OfType<IMessage>(),
        _ => [],
    };
}
