using System.Text.Json.Nodes;

namespace PasswordSync.Gateway.Tests.Cli.Harness;

/// <summary>One finished run of pwsync: exit code, what it printed, and the arguments it was started with.</summary>
public sealed record PwsyncRun(int ExitCode, string Stdout, string Stderr, IReadOnlyList<string> Arguments)
{
    public string CommandLine => "pwsync " + string.Join(' ', Arguments);

    /// <summary>stdout as JSON lines: every non-empty line must parse as one JSON object.</summary>
    public IReadOnlyList<JsonObject> JsonLines()
    {
        var lines = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. lines.Select((line, i) =>
        {
            try
            {
                return JsonNode.Parse(line) as JsonObject
                    ?? throw new InvalidOperationException($"line {i + 1} is not a JSON object");
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new InvalidOperationException($"{CommandLine}: stdout line {i + 1} is not JSON ({e.Message}):\n{Stdout}", e);
            }
        })];
    }

    /// <summary>The single JSON object a --json command printed.</summary>
    public JsonObject Json()
    {
        var lines = JsonLines();
        Assert.True(lines.Count == 1, $"{CommandLine} printed {lines.Count} JSON lines, expected 1:\n{Stdout}");
        return lines[0];
    }

    /// <summary>Fails with everything pwsync printed unless it exited with <paramref name="expected"/>.</summary>
    public PwsyncRun Expect(int expected)
    {
        Assert.True(ExitCode == expected,
            $"{CommandLine} exited {ExitCode}, expected {expected}.\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
        return this;
    }
}
