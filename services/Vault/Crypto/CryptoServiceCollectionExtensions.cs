using Microsoft.Extensions.Options;
using PasswordSync.Vault.Keyrings;
using PasswordSync.Vault.Passwords;

namespace PasswordSync.Vault.Crypto;

public static class CryptoServiceCollectionExtensions
{
    /// <summary>
    /// Registers the key ring (from Vault:KeyringFile or the PASSWORDSYNC_VAULT_KEYRING variable, checked at start-up so
    /// the vault refuses to start without one), <see cref="IRecordCipher"/>, <see cref="IApiKeyHasher"/> and
    /// <see cref="IPasswordGenerator"/>.
    /// </summary>
    public static IServiceCollection AddVaultCrypto(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // The inline key ring is read through configuration, which includes every environment variable in the default
        // hosts; tests can therefore supply it without touching the process environment.
        services.AddOptions<KeyringOptions>()
            .Configure(options =>
            {
                options.KeyringFile = configuration[KeyringOptions.FileConfigurationKey];
                options.InlineJson = configuration[KeyringOptions.EnvironmentVariable];
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyringOptions>, KeyringOptionsValidator>();
        services.AddSingleton(provider =>
        {
            try
            {
                return KeyringLoader.Load(provider.GetRequiredService<IOptions<KeyringOptions>>().Value,
                    provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Keyring).FullName!));
            }
            catch (OptionsValidationException e)
            {
                // Resolved before start-up validation ran (e.g. by a tool): surface the same clear message.
                throw new KeyringUnavailableException(string.Join(" ", e.Failures), e);
            }
        });
        services.AddSingleton<IRecordCipher, RecordCipher>();
        services.AddSingleton<IApiKeyHasher, Sha256ApiKeyHasher>();
        services.AddSingleton<IPasswordGenerator, PasswordGenerator>();
        return services;
    }
}
