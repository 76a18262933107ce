using Xunit;

namespace PasswordSync.Testing;

/// <summary>
/// Addresses, credentials and CA files of the real servers started for this test run by <c>tests/servers/start-all.sh</c>
/// (through the README's test command), read from the KEY=VALUE file named by <c>PASSWORDSYNC_TEST_SERVERS</c>.
/// </summary>
public static class TestServers
{
    public const string EnvironmentVariable = "PASSWORDSYNC_TEST_SERVERS";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Values = new(Load);

    /// <summary>The value, or null when the servers file or the key is missing.</summary>
    public static string? Get(string key) => Values.Value.GetValueOrDefault(key);

    /// <summary>
    /// The value; when the servers were not started (tests run without the README's test command) the calling test is
    /// skipped with a reason that says how to run it, never passed silently.
    /// </summary>
    public static string Require(string key)
    {
        var value = Get(key);
        if (value is null)
        {
            Assert.Skip($"Test server setting '{key}' is missing: run the suite with ./test.sh, which starts the real "
                + $"directory servers and sets {EnvironmentVariable}.");
        }

        return value;
    }

    private static Dictionary<string, string> Load()
    {
        var path = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return values;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0 && !line.StartsWith('#'))
            {
                values[line[..separator].Trim()] = line[(separator + 1)..];
            }
        }

        return values;
    }
}
