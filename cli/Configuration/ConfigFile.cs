using System.Text.Json;
using System.Text.Json.Serialization;
using PasswordSync.Cli.Errors;

namespace PasswordSync.Cli.Configuration;

/// <summary>
/// The optional configuration file (<c>~/.config/pwsync/config.json</c>, or <c>--config</c> / <c>PWSYNC_CONFIG</c>):
/// <c>{"url": "...", "apiKeyFile": "...", "caFile": "..."}</c>. It names the key FILE, never the key: a config file
/// gets copied, shared and committed far more often than a key should be. Relative paths are relative to the file.
/// </summary>
public sealed record ConfigFile(string? Url, string? ApiKeyFile, string? CaFile)
{
    public static readonly ConfigFile Empty = new(null, null, null);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The default location, following the XDG base directory convention.</summary>
    public static string DefaultPath()
    {
        var home = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }

        return Path.Combine(home, "pwsync", "config.json");
    }

    /// <summary>Loads the file; a missing file is an error only when it was named explicitly.</summary>
    public static ConfigFile Load(string path, bool explicitlyNamed)
    {
        if (!File.Exists(path))
        {
            return explicitlyNamed
                ? throw CliException.Usage($"The configuration file {path} does not exist.",
                    "Create it (see docs/cli.md) or drop --config / PWSYNC_CONFIG.")
                : Empty;
        }

        // Whoever can change this file can point pwsync at their own server and receive the API key: refuse it.
        FilePermissions.RefuseWritableByOthers(path, "configuration file");
        ConfigFile? loaded;
        try
        {
            loaded = JsonSerializer.Deserialize<ConfigFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw CliException.Usage($"The configuration file {path} is not valid: {e.Message}",
                "Expected {\"url\": \"https://...\", \"apiKeyFile\": \"...\", \"caFile\": \"...\"} (all optional).");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return (loaded ?? Empty) with
        {
            ApiKeyFile = Resolve(folder, loaded?.ApiKeyFile),
            CaFile = Resolve(folder, loaded?.CaFile),
        };
    }

    private static string? Resolve(string folder, string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(ExpandHome(path), folder);

    private static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}
