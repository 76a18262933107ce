using Google.Protobuf.Reflection;

namespace PasswordSync.Gateway.Edge.StrictJson;

/// <summary>The google.protobuf types whose JSON form is not an object of their fields.</summary>
internal static class WellKnownTypes
{
    public const string Timestamp = "google.protobuf.Timestamp";
    public const string Duration = "google.protobuf.Duration";
    public const string FieldMask = "google.protobuf.FieldMask";
    public const string Struct = "google.protobuf.Struct";
    public const string Value = "google.protobuf.Value";
    public const string ListValue = "google.protobuf.ListValue";
    public const string Any = "google.protobuf.Any";

    private static readonly HashSet<string> Wrappers =
    [
        "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
        "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
        "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue",
    ];

    /// <summary>Wrappers (Int32Value…) are written as their bare value: this is the field that holds it.</summary>
    public static FieldDescriptor? WrappedValue(MessageDescriptor type) =>
        Wrappers.Contains(type.FullName) ? type.FindFieldByNumber(1) : null;

    /// <summary>Written as a JSON string (Timestamp, Duration, FieldMask).</summary>
    public static bool IsStringEncoded(MessageDescriptor type) =>
        type.FullName is Timestamp or Duration or FieldMask;
}
