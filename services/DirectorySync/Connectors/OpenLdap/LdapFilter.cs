using System.Text;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>RFC 4515 escaping, so a value typed by a user can only ever match itself.</summary>
internal static class LdapFilter
{
    /// <summary>Escapes <c>*</c>, <c>(</c>, <c>)</c>, <c>\</c> and NUL as <c>\XX</c>; other characters pass unchanged.</summary>
    public static string EscapeValue(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var character in value)
        {
            _ = character switch
            {
                '*' => escaped.Append(@"\2a"),
                '(' => escaped.Append(@"\28"),
                ')' => escaped.Append(@"\29"),
                '\\' => escaped.Append(@"\5c"),
                '\0' => escaped.Append(@"\00"),
                _ => escaped.Append(character),
            };
        }

        return escaped.ToString();
    }

    public static string Equality(string attribute, string value) => $"({attribute}={EscapeValue(value)})";
}
