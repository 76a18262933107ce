using System.DirectoryServices.Protocols;
using System.Globalization;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>Typed reads of single-valued attributes of a search result entry.</summary>
internal static class AdEntry
{
    public static string? String(SearchResultEntry entry, string attribute) =>
        entry.Attributes.Contains(attribute) && entry.Attributes[attribute].Count > 0
            ? entry.Attributes[attribute][0] as string ?? System.Text.Encoding.UTF8.GetString((byte[])entry.Attributes[attribute][0])
            : null;

    public static long? Long(SearchResultEntry entry, string attribute) =>
        long.TryParse(String(entry, attribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    public static IEnumerable<string> Strings(SearchResultEntry entry, string attribute) =>
        entry.Attributes.Contains(attribute)
            ? entry.Attributes[attribute].GetValues(typeof(string)).Cast<string>()
            : [];
}
