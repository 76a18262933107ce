using Microsoft.Extensions.DependencyInjection.Extensions;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Storage.Sqlite;

public static class SqliteVaultStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite store as the <see cref="IVaultStore"/> (a singleton: it owns the in-process write lock) and
    /// creates its schema at start-up.
    /// </summary>
    public static IServiceCollection AddSqliteVaultStore(this IServiceCollection services, string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return services.AddSqliteVaultStore(new SqliteStoreOptions { Path = databasePath });
    }

    public static IServiceCollection AddSqliteVaultStore(this IServiceCollection services, SqliteStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path, nameof(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SqliteVaultStore(options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IVaultStore>(sp => sp.GetRequiredService<SqliteVaultStore>());
        services.AddHostedService<VaultStoreInitializer>();
        return services;
    }
}
