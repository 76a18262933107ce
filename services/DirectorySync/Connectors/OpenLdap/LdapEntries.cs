using System.DirectoryServices.Protocols;
using System.Globalization;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>Typed reads of attribute values (S.DS.Protocols hands them out as strings or byte arrays).</summary>
internal static class LdapEntries
{
    public static IReadOnlyList<string> All(SearchResultEntry entry, string attribute)
    {
        var values = entry.Attributes[attribute];
        return values is null ? [] : values.GetValues(typeof(string)).Cast<string>().ToList();
    }

    public static string? Single(SearchResultEntry entry, string attribute)
    {
        var values = All(entry, attribute);
        return values.Count == 0 ? null : values[0];
    }

    public static bool Boolean(SearchResultEntry entry, string attribute) =>
        string.Equals(Single(entry, attribute), "TRUE", StringComparison.OrdinalIgnoreCase);

    public static int Integer(SearchResultEntry entry, string attribute) =>
        int.TryParse(Single(entry, attribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : 0;
}
