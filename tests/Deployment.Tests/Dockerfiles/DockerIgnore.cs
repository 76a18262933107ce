using System.Text.RegularExpressions;
using PasswordSync.Deployment.Tests.Infrastructure;

namespace PasswordSync.Deployment.Tests.Dockerfiles;

/// <summary>
/// The repository's .dockerignore, matched as the builder does: patterns are anchored at the context root, <c>**</c>
/// spans folders, <c>*</c> and <c>?</c> stay inside one name, and a matched folder excludes everything under it.
/// </summary>
internal sealed class DockerIgnore(IReadOnlyList<Regex> patterns)
{
    public static DockerIgnore Repository { get; } = new(
        File.ReadAllLines(Infrastructure.Repository.PathOf(".dockerignore"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith('!'))
            .Select(ToRegex)
            .ToList());

    public bool Excludes(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').TrimEnd('/');
        return patterns.Any(pattern => pattern.IsMatch(path));
    }

    private static Regex ToRegex(string pattern)
    {
        var body = Regex.Escape(pattern.TrimEnd('/').TrimStart('/'))
            .Replace(@"\*\*/", "(?:.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{body}(?:/.*)?$", RegexOptions.CultureInvariant);
    }
}
