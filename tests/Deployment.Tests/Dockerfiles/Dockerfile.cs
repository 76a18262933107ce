using System.Text.Json;
using PasswordSync.Deployment.Tests.Infrastructure;

namespace PasswordSync.Deployment.Tests.Dockerfiles;

/// <summary>A Dockerfile read the way the builder reads it: comments dropped, continuation lines joined.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(string relativePath, IReadOnlyList<Instruction> instructions)
    {
        RelativePath = relativePath;
        Instructions = instructions;
    }

    public string RelativePath { get; }

    public IReadOnlyList<Instruction> Instructions { get; }

    public static Dockerfile Load(string relativePath)
    {
        var instructions = new List<Instruction>();
        var pending = "";
        var stage = -1;
        foreach (var raw in File.ReadAllLines(Repository.PathOf(relativePath)))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var text = (pending + line).Trim();
            pending = "";
            if (text.Length == 0)
            {
                continue;
            }

            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : text[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new Instruction(keyword, arguments, stage));
        }

        return new Dockerfile(relativePath, instructions);
    }

    public IEnumerable<Instruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    /// <summary>FROM lines: image reference and stage name.</summary>
    public IReadOnlyList<(string Image, string? Alias)> Stages => All("FROM")
        .Select(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Select(parts => (parts.First(p => !p.StartsWith("--", StringComparison.Ordinal)),
            parts.Length >= 3 && parts[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[^1] : null))
        .ToList();

    public int FinalStage => Stages.Count - 1;

    /// <summary>COPY/ADD sources taken from the build context (not --from another stage).</summary>
    public IEnumerable<string> ContextSources => All("COPY").Concat(All("ADD"))
        .Where(i => !i.Arguments.Contains("--from=", StringComparison.Ordinal))
        .SelectMany(i =>
        {
            var words = Words(i.Arguments).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
            return words.Take(words.Count - 1);
        });

    /// <summary>The dll of <c>ENTRYPOINT ["dotnet", "X.dll"]</c>, or null for any other entry point.</summary>
    public string? EntrypointDll => All("ENTRYPOINT").LastOrDefault() is { } entrypoint
        && entrypoint.Arguments.StartsWith('[')
        && JsonSerializer.Deserialize<string[]>(entrypoint.Arguments) is ["dotnet", var dll]
            ? dll
            : null;

    /// <summary>The user the final stage runs as (the last USER of that stage), or null when it never sets one.</summary>
    public string? FinalUser => Instructions.LastOrDefault(i => i.Keyword == "USER" && i.Stage == FinalStage)?.Arguments;

    /// <summary>The command of the HEALTHCHECK (after its options and CMD).</summary>
    public string? HealthcheckCommand => All("HEALTHCHECK").LastOrDefault() is { } health
        && health.Arguments.IndexOf("CMD ", StringComparison.Ordinal) is var at and >= 0
            ? health.Arguments[(at + 4)..].Trim()
            : null;

    public IReadOnlySet<int> ExposedPorts => All("EXPOSE")
        .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Select(port => int.Parse(port.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture))
        .ToHashSet();

    /// <summary>Packages installed with apt-get install in the final stage.</summary>
    public IReadOnlySet<string> AptPackagesOfFinalStage => All("RUN").Where(i => i.Stage == FinalStage)
        .SelectMany(i => i.Arguments.Split("&&").Select(command => command.Trim()))
        .Where(command => command.Contains("apt-get install", StringComparison.Ordinal))
        .SelectMany(command => command.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .SkipWhile(word => word != "install").Skip(1)
            .Where(word => !word.StartsWith('-') && !word.Contains('=', StringComparison.Ordinal)))
        .ToHashSet(StringComparer.Ordinal);

    private static string[] Words(string arguments) =>
        arguments.StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(arguments) ?? []
            : arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed record Instruction(string Keyword, string Arguments, int Stage);
