namespace PasswordSync.Vault.Keyrings;

/// <summary>Where the key ring comes from: a file, or its JSON inline in an environment variable. Never the database.</summary>
public sealed class KeyringOptions
{
    /// <summary>Configuration key of the key file path (environment: Vault__KeyringFile).</summary>
    public const string FileConfigurationKey = "Vault:KeyringFile";

    /// <summary>Environment variable holding the key ring's JSON inline (read through configuration).</summary>
    public const string EnvironmentVariable = "PASSWORDSYNC_VAULT_KEYRING";

    public string? KeyringFile { get; set; }

    public string? InlineJson { get; set; }
}
