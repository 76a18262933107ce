namespace PasswordSync.Gateway.Auth.Bootstrap;

/// <summary>The bootstrap's log lines: paths and key ids, never a key.</summary>
internal static partial class BootstrapLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Created the bootstrap admin API key {KeyId} and wrote it to {Path} (readable by this service's user only). Use it to create your own keys through the Admin API, then revoke it and delete the file")]
    public static partial void Created(ILogger logger, string keyId, string path);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "The bootstrap admin API key {KeyId} from {Path} is registered in the vault; no new key was created")]
    public static partial void Reused(ILogger logger, string keyId, string path);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information,
        Message = "The vault already has an active admin API key: no bootstrap key was written")]
    public static partial void AdminKeyExists(ILogger logger);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information,
        Message = "The configured bootstrap admin API key (Gateway:Auth:BootstrapKey) is registered in the vault as key {KeyId} (newly: {Created})")]
    public static partial void ConfiguredKeyRegistered(ILogger logger, string keyId, bool created);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error,
        Message = "The configured bootstrap admin API key (Gateway:Auth:BootstrapKey) is stored in the vault as key {KeyId} but cannot be used ({Problem}): configure another key")]
    public static partial void ConfiguredKeyUnusable(ILogger logger, string keyId, string problem);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning,
        Message = "The bootstrap admin API key in {Path} is stored in the vault as key {KeyId} but cannot be used ({Problem}); a new one is written only if the vault has no active admin key")]
    public static partial void FileKeyUnusable(ILogger logger, string path, string keyId, string problem);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning,
        Message = "The file {Path} could be read by other users: its mode was set to 0600")]
    public static partial void FileTightened(ILogger logger, string path);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Warning,
        Message = "The file {Path} does not hold a key in the API key format; it is ignored, and replaced only if the vault has no active admin key")]
    public static partial void FileMalformed(ILogger logger, string path);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Warning,
        Message = "Bootstrap of the admin API key: the vault is not reachable yet ({Status}), attempt {Attempt} of {Attempts}; retrying in {Delay}")]
    public static partial void VaultNotReachable(ILogger logger, string status, int attempt, int attempts, TimeSpan delay);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Error,
        Message = "Bootstrap of the admin API key gave up after {Attempts} attempts: the vault at Gateway:Vault:Address did not answer. Start the vault and restart the gateway, or create a key with the vault's tools")]
    public static partial void GaveUp(ILogger logger, int attempts);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Error,
        Message = "Bootstrap of the admin API key failed ({Status}: {Detail}); no key was created")]
    public static partial void Failed(ILogger logger, string status, string detail);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Error,
        Message = "Bootstrap of the admin API key failed: cannot use {Path} ({Error})")]
    public static partial void FileFailed(ILogger logger, string path, string error);
}
