using System.CommandLine;

namespace PasswordSync.Cli.Configuration;

/// <summary>Options every command accepts (declared once on the root command, recursive).</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Url = new("--url")
    {
        Description = "The gateway's address, e.g. https://127.0.0.1:8443 (default: PWSYNC_URL, then the config file).",
        Recursive = true,
    };

    public static readonly Option<FileInfo?> CaFile = new("--ca-file")
    {
        Description = "PEM certificate(s) to trust for the gateway, e.g. .state/gateway/public-certificate.pem "
            + "(default: PWSYNC_CA_FILE, then the config file, then the system's trust store).",
        Recursive = true,
    };

    public static readonly Option<FileInfo?> Config = new("--config")
    {
        Description = "Configuration file (default: PWSYNC_CONFIG, then ~/.config/pwsync/config.json).",
        Recursive = true,
    };

    public static readonly Option<FileInfo?> ApiKeyFile = new("--api-key-file")
    {
        Description = "File holding the API key, readable by its owner only (default: PWSYNC_API_KEY, "
            + "PWSYNC_API_KEY_FILE, then the config file's apiKeyFile).",
        Recursive = true,
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "The API key itself. Refused unless --allow-key-on-command-line: a command line is visible to "
            + "every user of the machine (ps, /proc) and kept in shell history. Use PWSYNC_API_KEY(_FILE) instead.",
        Recursive = true,
        Hidden = true,
    };

    public static readonly Option<bool> AllowKeyOnCommandLine = new("--allow-key-on-command-line")
    {
        Description = "Accept --api-key despite the exposure (other users can read command lines).",
        Recursive = true,
        Hidden = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print JSON lines (one protobuf-JSON object per line) instead of tables.",
        Recursive = true,
    };

    public static readonly Option<TimeSpan> Timeout = new("--timeout")
    {
        Description = "Deadline of each single call to the gateway (streams are not bounded).",
        Recursive = true,
        DefaultValueFactory = _ => TimeSpan.FromSeconds(120),
    };

    public static IEnumerable<Option> All =>
        [Url, CaFile, Config, ApiKeyFile, ApiKey, AllowKeyOnCommandLine, Json, Timeout];
}
