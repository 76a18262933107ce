using System.Text;

namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>RFC 4515 escaping of values placed in LDAP search filters, so user input can only ever match itself.</summary>
internal static class LdapFilter
{
    /// <summary>
    /// Escapes <c>*</c>, <c>(</c>, <c>)</c>, <c>\</c>, NUL, every other control character and every non-ASCII byte
    /// (as UTF-8) to <c>\XX</c>.
    /// </summary>
    /// <remarks>
    /// Of the two copies this replaced, the AD one escaped more than RFC 4515 requires (controls and non-ASCII bytes;
    /// the OpenLDAP one passed them through). Kept because it is the stricter: the filter text stays printable ASCII
    /// whatever a user types, and an escaped octet matches exactly what the raw one would (RFC 4515 section 3), on
    /// Samba as on slapd.
    /// </remarks>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (byte)'*' or (byte)'(' or (byte)')' or (byte)'\\' || b >= 0x80 || b < 0x20)
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

    /// <summary>An equality filter <c>(attribute=value)</c> with the value escaped.</summary>
    public static string Equality(string attribute, string value) => $"({attribute}={Escape(value)})";
}
