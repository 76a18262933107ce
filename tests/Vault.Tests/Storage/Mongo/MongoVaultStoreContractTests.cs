using MongoDB.Driver;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Mongo;
using PasswordSync.Vault.Tests.Storage.Contract;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

/// <summary>
/// The shared store contract against a real MongoDB replica set, named by PASSWORDSYNC_TEST_MONGODB. No MongoDB server
/// can run on the project's machines (Debian does not package it and its downloads are unreachable), so without the
/// variable every test here is skipped with that reason. Each test gets a fresh database, dropped afterwards.
/// </summary>
public sealed class MongoVaultStoreContractTests : VaultStoreContractTests, IAsyncDisposable
{
    public const string ConnectionVariable = "PASSWORDSYNC_TEST_MONGODB";

    // One client for the whole run: it pools connections, and a client per test would exhaust them.
    private static readonly Lazy<MongoClient?> SharedClient = new(() =>
        Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } connectionString
            ? new MongoClient(MongoClientSettingsFactory.Create(connectionString))
            : null);

    private string? databaseName;

    protected override async Task<IVaultStore> CreateStoreAsync()
    {
        var client = SharedClient.Value;
        if (client is null)
        {
            Assert.Skip($"{ConnectionVariable} is not set: no MongoDB server can run here (Debian has no package and "
                + "the server downloads are unreachable). Set it to a replica-set connection string, for example "
                + "mongodb://127.0.0.1:27017/?replicaSet=rs0, to run the store contract against MongoDB.");
        }

        databaseName = $"pwsync_contract_{Guid.NewGuid():N}";
        var store = new MongoVaultStore(client, databaseName, Clock);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        if (databaseName is not null && SharedClient.Value is { } client)
        {
            await client.DropDatabaseAsync(databaseName);
        }
    }
}
