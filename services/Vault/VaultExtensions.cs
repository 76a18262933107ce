using Microsoft.Extensions.DependencyInjection.Extensions;
using PasswordSync.Vault.ApiKeys;
using PasswordSync.Vault.Audit;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Generator;
using PasswordSync.Vault.Grpc;
using PasswordSync.Vault.Jobs;
using PasswordSync.Vault.KeyManagement;
using PasswordSync.Vault.Lists;
using PasswordSync.Vault.Records;
using PasswordSync.Vault.Rotations;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage.Sqlite;
using PasswordSync.Vault.SyncMaterial;
using PasswordSync.Vault.Targets;

namespace PasswordSync.Vault;

/// <summary>The one place where the Vault service is wired.</summary>
public static class VaultExtensions
{
    public const string SqlitePathKey = "Vault:Storage:Sqlite:Path";

    public static IHostApplicationBuilder AddVault(this IHostApplicationBuilder builder)
    {
        // First: the gateway-only check must run before any other interceptor.
        builder.AddVaultSecurity();
        builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<StoreExceptionInterceptor>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddVaultCrypto(builder.Configuration);
        builder.Services.AddSqliteVaultStore(builder.Configuration[SqlitePathKey] is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException(
                $"{SqlitePathKey} is not set: give the SQLite database file (e.g. Vault__Storage__Sqlite__Path=/var/lib/passwordsync/vault.db)."));
        builder.AddKeyManagement();
        builder.AddPasswordLists();
        builder.AddPasswordRecords();
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
        return app;
    }
}
