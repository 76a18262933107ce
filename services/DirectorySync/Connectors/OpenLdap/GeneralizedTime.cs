using System.Globalization;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>LDAP GeneralizedTime as OpenLDAP writes it: <c>20261125142055Z</c> or <c>20261125142055.123456Z</c>.</summary>
internal static class GeneralizedTime
{
    public static DateTimeOffset? Parse(string? value)
    {
        if (value is not { Length: >= 15 } || !value.EndsWith('Z'))
        {
            return null;
        }

        var dot = value.IndexOf('.', StringComparison.Ordinal);
        var seconds = dot > 0 ? value[..dot] : value[..^1];
        if (!DateTime.TryParseExact(seconds, "yyyyMMddHHmmss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return null;
        }

        if (dot > 0 && double.TryParse("0" + value[dot..^1], NumberStyles.Float, CultureInfo.InvariantCulture,
                out var fraction))
        {
            time = time.AddTicks((long)(fraction * TimeSpan.TicksPerSecond));
        }

        return new DateTimeOffset(time, TimeSpan.Zero);
    }
}
