using Microsoft.Extensions.Options;
using PasswordSync.Vault.Storage.Mongo;
using PasswordSync.Vault.Storage.Sqlite;

namespace PasswordSync.Vault.Storage;

public static class VaultStorageExtensions
{
    /// <summary>
    /// Registers the configured store. The provider decides which services exist, so the settings are read and checked
    /// here, at start-up, and a wrong configuration stops the service with what to set.
    /// </summary>
    public static IHostApplicationBuilder AddVaultStorage(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(VaultStorageOptions.Section).Get<VaultStorageOptions>()
            ?? new VaultStorageOptions();
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(VaultStorageOptions.Section, typeof(VaultStorageOptions), problems);
        }

        _ = options.Provider == StorageProvider.MongoDb
            ? builder.Services.AddMongoVaultStore(options.MongoDb.ConnectionString, options.MongoDb.Database)
            : builder.Services.AddSqliteVaultStore(options.Sqlite.Path);
        return builder;
    }
}
