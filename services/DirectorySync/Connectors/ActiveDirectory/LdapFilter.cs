using System.Text;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>RFC 4515 escaping of values placed in LDAP search filters, so user input can never change a filter.</summary>
internal static class LdapFilter
{
    /// <summary>Escapes <c>*</c>, <c>(</c>, <c>)</c>, <c>\</c>, NUL and every non-ASCII byte (as UTF-8) to <c>\XX</c>.</summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (byte)'*' or (byte)'(' or (byte)')' or (byte)'\\' or 0 || b >= 0x80 || b < 0x20)
            {
                builder.Append('\\').Append(b.ToString("x2"));
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }
}
