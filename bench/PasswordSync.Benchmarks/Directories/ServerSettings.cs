namespace PasswordSync.Benchmarks.Directories;

/// <summary>The KEY=VALUE file the server start scripts write (tests/servers/start-*.sh): where each server is.</summary>
internal sealed class ServerSettings(IReadOnlyDictionary<string, string> values, string path)
{
    public string Path { get; } = path;

    public static ServerSettings Load(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0 && !line.StartsWith('#'))
            {
                values[line[..separator].Trim()] = line[(separator + 1)..];
            }
        }

        return new ServerSettings(values, path);
    }

    public string this[string key] => values.TryGetValue(key, out var value) && value.Length > 0
        ? value
        : throw new InvalidOperationException($"{Path} has no {key}: start the servers with tests/servers/start-*.sh.");

    public bool Has(string key) => values.ContainsKey(key);
}
