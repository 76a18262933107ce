using System.Globalization;
using System.Text.Json;
using Google.Protobuf.Reflection;

namespace PasswordSync.Gateway.Edge.StrictJson;

/// <summary>
/// Whether a JSON value, or a query-string text, is a valid proto3 JSON value for a scalar or enum field. Answers
/// describe the expected type and never quote the value: request values may be passwords.
/// </summary>
internal static class ProtoScalars
{
    public static string? CheckJson(JsonElement value, FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Bool => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "must be true or false",
        FieldType.String => value.ValueKind == JsonValueKind.String ? null : "must be a string",
        FieldType.Bytes => value.ValueKind == JsonValueKind.String && IsBase64(value.GetString()!)
            ? null
            : "must be a base64 string",
        FieldType.Float or FieldType.Double => value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out var number) ? CheckFloatRange(number, field) : "must be a number",
            JsonValueKind.String => CheckText(value.GetString()!, field),
            _ => "must be a number",
        },
        FieldType.Enum => value.ValueKind switch
        {
            JsonValueKind.String => CheckText(value.GetString()!, field),
            JsonValueKind.Number => value.TryGetInt32(out var number) && field.EnumType.FindValueByNumber(number) is not null
                ? null
                : EnumExpectation(field),
            _ => EnumExpectation(field),
        },
        _ when IsInteger(field.FieldType) => value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDecimal(out var number) ? CheckIntegerRange(number, field) : IntegerExpectation(field),
            JsonValueKind.String => CheckText(value.GetString()!, field),
            _ => IntegerExpectation(field),
        },
        _ => "has a type that cannot be given here",
    };

    public static string? CheckText(string text, FieldDescriptor field)
    {
        switch (field.FieldType)
        {
            case FieldType.String:
                return null;
            case FieldType.Bool:
                return text is "true" or "false" ? null : "must be true or false";
            case FieldType.Bytes:
                return IsBase64(text) ? null : "must be a base64 string";
            case FieldType.Float or FieldType.Double:
                if (text is "NaN" or "Infinity" or "-Infinity")
                {
                    return null;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                    ? CheckFloatRange(real, field)
                    : "must be a number";
            case FieldType.Enum:
                if (field.EnumType.FindValueByName(text) is not null)
                {
                    return null;
                }

                return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code)
                       && field.EnumType.FindValueByNumber(code) is not null
                    ? null
                    : EnumExpectation(field);
            default:
                if (!IsInteger(field.FieldType))
                {
                    return "has a type that cannot be given here";
                }

                return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint |
                                              NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var whole)
                    ? CheckIntegerRange(whole, field)
                    : IntegerExpectation(field);
        }
    }

    private static bool IsInteger(FieldType type) => type is FieldType.Int32 or FieldType.SInt32
        or FieldType.SFixed32 or FieldType.UInt32 or FieldType.Fixed32 or FieldType.Int64 or FieldType.SInt64
        or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64;

    private static (decimal Min, decimal Max) IntegerRange(FieldType type) => type switch
    {
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int.MinValue, int.MaxValue),
        FieldType.UInt32 or FieldType.Fixed32 => (0, uint.MaxValue),
        FieldType.UInt64 or FieldType.Fixed64 => (0, ulong.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };

    private static string? CheckIntegerRange(decimal number, FieldDescriptor field)
    {
        var (min, max) = IntegerRange(field.FieldType);
        return number == decimal.Truncate(number) && number >= min && number <= max
            ? null
            : IntegerExpectation(field);
    }

    private static string IntegerExpectation(FieldDescriptor field)
    {
        var (min, max) = IntegerRange(field.FieldType);
        return string.Create(CultureInfo.InvariantCulture, $"must be a whole number from {min} to {max}");
    }

    private static string? CheckFloatRange(double number, FieldDescriptor field) =>
        field.FieldType == FieldType.Float && double.IsFinite(number) && Math.Abs(number) > float.MaxValue
            ? "must be a number within the range of a 32-bit float"
            : null;

    private static string EnumExpectation(FieldDescriptor field) =>
        "must be one of: " + string.Join(", ", field.EnumType.Values.Select(value => value.Name));

    /// <summary>Standard or URL-safe base64, padded or not (proto3 JSON accepts both).</summary>
    private static bool IsBase64(string text)
    {
        var normalised = text.Replace('-', '+').Replace('_', '/');
        normalised = normalised.PadRight(normalised.Length + ((4 - (normalised.Length % 4)) % 4), '=');
        var buffer = new byte[normalised.Length];
        return Convert.TryFromBase64String(normalised, buffer, out _);
    }
}
