using System.Text.RegularExpressions;

namespace PasswordSync.Deployment.Tests.Compose;

/// <summary>
/// Compose's variable interpolation, the forms this repository uses: <c>${NAME}</c>, <c>${NAME:-default}</c>,
/// <c>${NAME-default}</c> and <c>$$</c>. Variables come from a .env-style file (deploy/env.example) or nowhere.
/// </summary>
internal static partial class Interpolation
{
    public static string Resolve(string value, IReadOnlyDictionary<string, string> variables) =>
        Pattern().Replace(value, match =>
        {
            if (match.Value == "$$")
            {
                return "$";
            }

            var name = match.Groups["name"].Value;
            var set = variables.TryGetValue(name, out var found);
            return match.Groups["op"].Value switch
            {
                ":-" => set && found!.Length > 0 ? found : match.Groups["default"].Value,
                "-" => set ? found! : match.Groups["default"].Value,
                _ => found ?? "",
            };
        });

    /// <summary>KEY=VALUE lines of a .env file; comments and blank lines skipped.</summary>
    public static IReadOnlyDictionary<string, string> ReadEnvFile(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "", StringComparer.Ordinal);

    public static readonly IReadOnlyDictionary<string, string> NoVariables = new Dictionary<string, string>();

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?-)(?<default>[^}]*))?\}")]
    private static partial Regex Pattern();
}
