using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Generator;
using PasswordSync.Vault.Grpc;
using PasswordSync.Vault.Lists;
using PasswordSync.Vault.Records;

namespace PasswordSync.Vault;

/// <summary>The one place where the Vault service is wired.</summary>
public static class VaultExtensions
{
    public static IHostApplicationBuilder AddVault(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGrpc(options => options.Interceptors.Add<StoreExceptionInterceptor>());
        builder.Services.AddVaultCrypto(builder.Configuration);
        builder.AddPasswordLists();
        builder.AddPasswordRecords();
        return builder;
    }

    public static WebApplication MapVault(this WebApplication app)
    {
        app.MapPasswordLists();
        app.MapPasswordRecords();
        app.MapPasswordGenerator();
        return app;
    }
}
