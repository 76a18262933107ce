using Microsoft.Extensions.DependencyInjection.Extensions;
using MongoDB.Driver;

namespace PasswordSync.Vault.Storage.Mongo;

public static class MongoVaultStoreExtensions
{
    /// <summary>
    /// Registers the MongoDB vault store (a replica set is required) as the <see cref="IVaultStore"/> and initialises it
    /// at start-up (so a standalone or unreachable server stops the service with the reason). The client is built
    /// with durable writes, primary reads and command text kept out of logs and traces.
    /// </summary>
    public static IServiceCollection AddMongoVaultStore(this IServiceCollection services, string connectionString,
        string databaseName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        // Parse now: a malformed connection string fails at start-up, not at the first request.
        var settings = MongoClientSettingsFactory.Create(connectionString);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IMongoClient>(_ => new MongoClient(settings));
        services.AddSingleton<IVaultStore>(provider => new MongoVaultStore(provider.GetRequiredService<IMongoClient>(),
            databaseName, provider.GetRequiredService<TimeProvider>()));
        // The store-neutral start-up initializer (it only calls IVaultStore.InitializeAsync).
        services.AddHostedService<VaultStoreInitializer>();
        return services;
    }
}
