using System.CommandLine;
using PasswordSync.Cli.Errors;

namespace PasswordSync.Cli.Configuration;

/// <summary>
/// Where the gateway is, which certificate to trust and the API key, resolved as flags, then environment
/// (PWSYNC_URL, PWSYNC_API_KEY, PWSYNC_API_KEY_FILE, PWSYNC_CA_FILE, PWSYNC_CONFIG), then the configuration file.
/// </summary>
public sealed class ConnectionSettings
{
    private ConnectionSettings(Uri url, string? caFile, string apiKey)
    {
        Url = url;
        CaFile = caFile;
        ApiKey = apiKey;
    }

    public Uri Url { get; }

    public string? CaFile { get; }

    /// <summary>The bearer key. Never printed, logged or put in an exception message.</summary>
    public string ApiKey { get; }

    public static ConnectionSettings Resolve(ParseResult parse)
    {
        var config = LoadConfig(parse);
        var url = parse.GetValue(GlobalOptions.Url) ?? Env("PWSYNC_URL") ?? config.Url
            ?? throw CliException.Usage("No gateway address.",
                "Pass --url https://host:8443, set PWSYNC_URL, or put \"url\" in the configuration file.");
        var caFile = parse.GetValue(GlobalOptions.CaFile)?.FullName ?? Env("PWSYNC_CA_FILE") ?? config.CaFile;
        if (caFile is not null && !File.Exists(caFile))
        {
            throw CliException.Usage($"The CA file {caFile} does not exist.",
                "run.sh writes the gateway's certificate to .state/gateway/public-certificate.pem.");
        }

        return new ConnectionSettings(ParseUrl(url), caFile, ResolveApiKey(parse, config));
    }

    private static ConfigFile LoadConfig(ParseResult parse)
    {
        var named = parse.GetValue(GlobalOptions.Config)?.FullName ?? Env("PWSYNC_CONFIG");
        return ConfigFile.Load(named ?? ConfigFile.DefaultPath(), explicitlyNamed: named is not null);
    }

    private static string ResolveApiKey(ParseResult parse, ConfigFile config)
    {
        if (parse.GetValue(GlobalOptions.ApiKey) is { } onCommandLine)
        {
            if (!parse.GetValue(GlobalOptions.AllowKeyOnCommandLine))
            {
                throw CliException.Usage("--api-key is refused: a command line is readable by every user of this "
                    + "machine (ps, /proc/<pid>/cmdline) and is kept in shell history.",
                    "Set PWSYNC_API_KEY or PWSYNC_API_KEY_FILE, or pass --api-key-file. If you accept the exposure, "
                    + "add --allow-key-on-command-line.");
            }

            return Checked(onCommandLine, "--api-key");
        }

        if (parse.GetValue(GlobalOptions.ApiKeyFile) is { } flagFile)
        {
            return ReadKeyFile(flagFile.FullName);
        }

        if (Env("PWSYNC_API_KEY") is { } fromEnvironment)
        {
            return Checked(fromEnvironment, "PWSYNC_API_KEY");
        }

        if (Env("PWSYNC_API_KEY_FILE") is { } envFile)
        {
            return ReadKeyFile(envFile);
        }

        if (config.ApiKeyFile is { } configFile)
        {
            return ReadKeyFile(configFile);
        }

        throw CliException.Auth("No API key.",
            "Set PWSYNC_API_KEY_FILE to a file holding the key (chmod 600), or PWSYNC_API_KEY, or put \"apiKeyFile\" "
            + "in the configuration file. A local suite's admin key is in .state/gateway/bootstrap-admin.key.");
    }

    private static string ReadKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            throw CliException.Auth($"The API key file {path} does not exist.");
        }

        FilePermissions.RefuseReadableByOthers(path, "API key file");
        return Checked(File.ReadAllText(path).Trim(), $"the API key file {path}");
    }

    private static string Checked(string key, string source)
    {
        key = key.Trim();
        // A header value cannot hold control characters or spaces; say so without echoing the key.
        if (key.Length == 0 || key.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw CliException.Auth($"The API key from {source} is empty or contains spaces or control characters.");
        }

        return key;
    }

    private static Uri ParseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            throw CliException.Usage($"The gateway address '{url}' is not an absolute URL.", "Example: https://127.0.0.1:8443");
        }

        if (parsed.Scheme != Uri.UriSchemeHttps)
        {
            throw CliException.Usage($"The gateway address '{url}' is not https: the API key would travel in clear.",
                "The gateway serves HTTPS only; use https://host:port.");
        }

        return parsed;
    }

    private static string? Env(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
