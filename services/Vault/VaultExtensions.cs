using PasswordSync.Vault.Crypto;

namespace PasswordSync.Vault;

/// <summary>The one place where the Vault service is wired.</summary>
public static class VaultExtensions
{
    public static IHostApplicationBuilder AddVault(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGrpc();
        builder.Services.AddVaultCrypto(builder.Configuration);
        return builder;
    }

    public static WebApplication MapVault(this WebApplication app) => app;
}
