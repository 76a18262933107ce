using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;

namespace PasswordSync.Cli.Output;

/// <summary>How values read in a table.</summary>
public static class Show
{
    public static string? Time(Timestamp? time) =>
        time is null ? null : time.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>An enum value as its kebab-case name without the type prefix (AccountType.Windows → "windows").</summary>
    public static string Name(System.Enum value) => Kebab(value.ToString());

    public static string Kebab(string pascal)
    {
        var text = new StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    public static string Number(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
