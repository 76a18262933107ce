using System.CommandLine;
using PasswordSync.Cli.Output;

namespace PasswordSync.Cli.Infrastructure;

/// <summary>Options whose values are a proto enum's names in kebab case (e.g. --account-type windows).</summary>
public static class EnumChoice
{
    public static Option<string?> One<T>(string name, string description)
        where T : struct, Enum
    {
        var option = new Option<string?>(name) { Description = description };
        option.AcceptOnlyFromAmong(Names<T>());
        return option;
    }

    public static Option<string[]> Many<T>(string name, string description)
        where T : struct, Enum
    {
        var option = new Option<string[]>(name)
        {
            Description = description,
            AllowMultipleArgumentsPerToken = true,
        };
        option.AcceptOnlyFromAmong(Names<T>());
        return option;
    }

    public static string[] Names<T>()
        where T : struct, Enum =>
        [.. Enum.GetValues<T>().Where(value => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0)
            .Select(value => Show.Name(value))];

    public static T Parse<T>(string name)
        where T : struct, Enum =>
        Enum.GetValues<T>().First(value => Show.Name(value) == name);
}
