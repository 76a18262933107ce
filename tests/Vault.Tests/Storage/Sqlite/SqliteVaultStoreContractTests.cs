using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Storage.Contract;

namespace PasswordSync.Vault.Tests.Storage.Sqlite;

/// <summary>The store contract on a real SQLite file (one per test).</summary>
public sealed class SqliteVaultStoreContractTests : VaultStoreContractTests, IDisposable
{
    private readonly SqliteTestDatabase database = new();

    protected override async Task<IVaultStore> CreateStoreAsync() => await database.OpenStoreAsync(Clock);

    public void Dispose() => database.Dispose();
}
