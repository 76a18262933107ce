using Microsoft.Extensions.DependencyInjection.Extensions;
using PasswordSync.Vault.ApiKeys;
using PasswordSync.Vault.Audit;
using PasswordSync.Vault.Backup;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Generator;
using PasswordSync.Vault.Grpc;
using PasswordSync.Vault.Jobs;
using PasswordSync.Vault.KeyManagement;
using PasswordSync.Vault.Lists;
using PasswordSync.Vault.Records;
using PasswordSync.Vault.Rotations;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.SyncMaterial;
using PasswordSync.Vault.Targets;

namespace PasswordSync.Vault;

/// <summary>The one place where the Vault service is wired.</summary>
public static class VaultExtensions
{
    public static IHostApplicationBuilder AddVault(this IHostApplicationBuilder builder)
    {
        // First: the gateway-only check must run before any other interceptor.
        builder.AddVaultSecurity();
        builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<StoreExceptionInterceptor>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddVaultCrypto(builder.Configuration);
        builder.AddVaultStorage();
        builder.AddKeyManagement();
        builder.AddPasswordLists();
        builder.AddPasswordRecords();
        builder.AddVaultBackup();
        return builder;
    }

    public static WebApplication MapVault(this WebApplication app)
    {
        app.MapRotations();
        app.MapSyncMaterial();
        app.MapTargets();
        app.MapJobs();
        app.MapApiKeys();
        app.MapAudit();
        app.MapKeyManagement();
        app.MapPasswordLists();
        app.MapPasswordRecords();
        app.MapPasswordGenerator();
        app.MapVaultBackup();
        return app;
    }
}
