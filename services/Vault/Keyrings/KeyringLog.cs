using Microsoft.Extensions.Logging;

namespace PasswordSync.Vault.Keyrings;

internal static partial class KeyringLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "The key ring file {Path} can be accessed by its group or by others: anyone who reads it can decrypt "
            + "every secret of the vault. Restrict it to the vault's user: chmod 600 {Path}")]
    public static partial void KeyringFileAccessibleByOthers(ILogger logger, string path);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information,
        Message = "Key ring loaded from {Source}: KEK versions {Versions}, active version {ActiveVersion}")]
    public static partial void KeyringLoaded(ILogger logger, string source, string versions, int activeVersion);
}
