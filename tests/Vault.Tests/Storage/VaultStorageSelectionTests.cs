using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Mongo;
using PasswordSync.Vault.Storage.Sqlite;

namespace PasswordSync.Vault.Tests.Storage;

public sealed class VaultStorageSelectionTests
{
    [Fact]
    public void Sqlite_is_the_default_provider_and_needs_a_path()
    {
        var builder = BuilderWith([]);

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddVaultStorage());

        Assert.Contains("Vault:Storage:Sqlite:Path is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_provider_registers_the_sqlite_store()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pwsync-selection-{Guid.NewGuid():N}.db");
        var builder = BuilderWith(new() { ["Vault:Storage:Sqlite:Path"] = path });

        builder.AddVaultStorage();

        using var services = builder.Services.BuildServiceProvider();
        Assert.IsType<SqliteVaultStore>(services.GetRequiredService<IVaultStore>());
    }

    [Fact]
    public void MongoDb_provider_needs_a_connection_string()
    {
        var builder = BuilderWith(new() { ["Vault:Storage:Provider"] = "MongoDb" });

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddVaultStorage());

        Assert.Contains("Vault:Storage:MongoDb:ConnectionString is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MongoDb_provider_registers_the_mongo_store_without_contacting_a_server()
    {
        var builder = BuilderWith(new()
        {
            ["Vault:Storage:Provider"] = "MongoDb",
            ["Vault:Storage:MongoDb:ConnectionString"] = "mongodb://127.0.0.1:1/?replicaSet=rs0",
            ["Vault:Storage:MongoDb:Database"] = "selection_test",
        });

        builder.AddVaultStorage();

        using var services = builder.Services.BuildServiceProvider();
        Assert.IsType<MongoVaultStore>(services.GetRequiredService<IVaultStore>());
    }

    private static HostApplicationBuilder BuilderWith(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }
}
