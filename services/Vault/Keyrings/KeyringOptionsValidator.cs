using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PasswordSync.Vault.Keyrings;

/// <summary>
/// Loads the key ring once at start-up (through ValidateOnStart) so a missing or broken key ring stops the vault before
/// it listens, rather than on the first request that needs a secret.
/// </summary>
internal sealed class KeyringOptionsValidator : IValidateOptions<KeyringOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyringOptions options)
    {
        try
        {
            // The real load (with its permission warning) happens when the Keyring singleton is built; this only checks.
            KeyringLoader.Load(options, NullLogger.Instance);
            return ValidateOptionsResult.Success;
        }
        catch (KeyringUnavailableException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
