using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace PasswordSync.Gateway.Edge.StrictJson;

/// <summary>Timestamp, Duration and FieldMask values, which proto3 JSON writes as strings of a fixed format.</summary>
internal static class StringEncodedValues
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static string? Check(string text, MessageDescriptor type)
    {
        try
        {
            Parser.Parse(JsonSerializer.Serialize(text), type);
            return null;
        }
        catch (Exception error) when (error is InvalidProtocolBufferException or InvalidJsonException
                                          or FormatException or ArgumentException or InvalidOperationException)
        {
            // The parser's own message quotes the value: replaced by a description of the format.
            return Expectation(type);
        }
    }

    public static string Expectation(MessageDescriptor type) => type.FullName switch
    {
        WellKnownTypes.Timestamp => "must be an RFC 3339 timestamp such as \"2026-01-31T12:00:00Z\"",
        WellKnownTypes.Duration => "must be a duration in seconds such as \"90s\" or \"1.5s\"",
        _ => "must be a comma-separated list of field names such as \"name,description\"",
    };
}
