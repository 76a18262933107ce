using System.Text;

namespace PasswordSync.Vault.Validation;

/// <summary>
/// Length and character rules for free text. Problems are sentences about the value's shape, never the value itself
/// (a caller may paste a password into the wrong field).
/// </summary>
public static class TextRules
{
    /// <summary>A single-line value (name, title, label): no control characters at all.</summary>
    public static void SingleLine(Violations violations, string field, string value, int maxLength, bool required)
    {
        if (value.Length == 0 || (required && string.IsNullOrWhiteSpace(value)))
        {
            if (required)
            {
                violations.Add(field, "is required.");
            }

            return;
        }

        if (value.Length > maxLength)
        {
            violations.Add(field, $"is longer than {maxLength} characters.");
        }

        if (HasControlCharacter(value, allowLineBreaks: false))
        {
            violations.Add(field, "contains a control character (line break, tab, NUL...); use printable characters only.");
        }
    }

    /// <summary>Multi-line text (notes): line breaks and tabs allowed, other control characters not; limit in UTF-8 bytes.</summary>
    public static void MultiLine(Violations violations, string field, string value, int maxUtf8Bytes)
    {
        if (Encoding.UTF8.GetByteCount(value) > maxUtf8Bytes)
        {
            violations.Add(field, $"is longer than {maxUtf8Bytes / 1024} KiB.");
        }

        if (HasControlCharacter(value, allowLineBreaks: true))
        {
            violations.Add(field, "contains a control character other than line breaks and tabs.");
        }
    }

    /// <summary>Multi-line text limited in characters (descriptions).</summary>
    public static void MultiLineChars(Violations violations, string field, string value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            violations.Add(field, $"is longer than {maxLength} characters.");
        }

        if (HasControlCharacter(value, allowLineBreaks: true))
        {
            violations.Add(field, "contains a control character other than line breaks and tabs.");
        }
    }

    public static bool HasControlCharacter(string value, bool allowLineBreaks)
    {
        foreach (var c in value)
        {
            if (allowLineBreaks && c is '\n' or '\r' or '\t')
            {
                continue;
            }

            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                return true;
            }
        }

        return false;
    }
}
