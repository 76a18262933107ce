using Microsoft.Extensions.Logging;

namespace PasswordSync.Vault.Keyrings;

/// <summary>
/// Loads the key ring named by <see cref="KeyringOptions"/>, or explains precisely why it cannot and how to create one.
/// </summary>
public static class KeyringLoader
{
    public const string HowToCreate =
        "To create a key ring run `dotnet PasswordSync.Vault.dll create-keyring <path>`, then set Vault__KeyringFile=<path> "
        + "(configuration key Vault:KeyringFile), or put the file's JSON in the " + KeyringOptions.EnvironmentVariable
        + " environment variable. If this vault already holds secrets, restore the key ring it was using from your "
        + "backup instead: a new key ring cannot decrypt them.";

    /// <exception cref="KeyringUnavailableException">No key ring is configured, or it cannot be read or is invalid.</exception>
    public static Keyring Load(KeyringOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var hasFile = !string.IsNullOrWhiteSpace(options.KeyringFile);
        var hasInline = !string.IsNullOrWhiteSpace(options.InlineJson);
        if (hasFile && hasInline)
        {
            // Two sources could hold different keys; guessing which one is meant could make every secret unreadable.
            throw new KeyringUnavailableException(
                $"Both {KeyringOptions.FileConfigurationKey} and {KeyringOptions.EnvironmentVariable} are set: the vault "
                + "will not guess which key ring to use. Keep exactly one of them.");
        }

        if (!hasFile && !hasInline)
        {
            throw new KeyringUnavailableException(
                "No key ring is configured, so the vault cannot encrypt or decrypt secrets and will not start. " + HowToCreate);
        }

        var keyring = hasFile ? LoadFile(options.KeyringFile!, logger) : LoadInline(options.InlineJson!);
        KeyringLog.KeyringLoaded(logger, hasFile ? Path.GetFullPath(options.KeyringFile!) : KeyringOptions.EnvironmentVariable,
            string.Join(", ", keyring.Versions), keyring.ActiveVersion);
        return keyring;
    }

    private static Keyring LoadFile(string path, ILogger logger)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new KeyringUnavailableException(
                $"The key ring file {fullPath} ({KeyringOptions.FileConfigurationKey}) does not exist. " + HowToCreate);
        }

        Keyring keyring;
        try
        {
            keyring = KeyringFile.Read(fullPath);
        }
        catch (InvalidKeyringException e)
        {
            throw new KeyringUnavailableException($"The key ring file {fullPath} is invalid: {e.Message} " + HowToCreate, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyringUnavailableException(
                $"The key ring file {fullPath} cannot be read ({e.Message}): check that the vault's user owns it.", e);
        }

        if (KeyringFile.IsAccessibleByOthers(fullPath))
        {
            KeyringLog.KeyringFileAccessibleByOthers(logger, fullPath);
        }

        return keyring;
    }

    private static Keyring LoadInline(string json)
    {
        try
        {
            return KeyringJson.Parse(json);
        }
        catch (InvalidKeyringException e)
        {
            throw new KeyringUnavailableException(
                $"The key ring in {KeyringOptions.EnvironmentVariable} is invalid: {e.Message} " + HowToCreate, e);
        }
    }
}
