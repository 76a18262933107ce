using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Keyrings;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Sqlite;

namespace PasswordSync.Vault.Tests.Integration;

/// <summary>
/// The real vault (Program) on a test server, with a real SQLite file and a real key ring in a temp folder. The
/// caller identity runs in the vault's explicit local mode: the in-process calls count as the gateway's, and the actor
/// header names the user, as the gateway sends it.
/// </summary>
internal sealed class VaultHostFactory(string databasePath, string keyringPath, FakeTimeProvider? time,
    VaultHostLogs logs, IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public const string SqlitePathKey = "Vault:Storage:Sqlite:Path";
    public const string AllowInsecureLocalCallsKey = "Vault:Security:AllowInsecureLocalCalls";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(KeyringOptions.FileConfigurationKey, keyringPath);
        builder.UseSetting(SqlitePathKey, databasePath);
        // The test server is in-process without TLS: the vault's explicit local mode treats such calls as the gateway.
        builder.UseSetting(AllowInsecureLocalCallsKey, "true");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            // Only the capture: every level is recorded for the secret scans, and a console at Trace would drown the output.
            logging.ClearProviders();
            logging.AddProvider(logs);
            logging.SetMinimumLevel(LogLevel.Trace);
        });

        builder.ConfigureTestServices(services =>
        {
            // Always this test's own database file, whatever store the configuration names.
            services.RemoveAll<IVaultStore>();
            services.RemoveAll<SqliteVaultStore>();
            services.RemoveAll(services.Where(d => d.ImplementationType == typeof(VaultStoreInitializer)).ToArray());
            services.AddSqliteVaultStore(databasePath);

            if (!services.Any(d => d.ServiceType == typeof(IRecordCipher)))
            {
                services.AddVaultCrypto(new ConfigurationBuilder()
                    .AddInMemoryCollection([new(KeyringOptions.FileConfigurationKey, keyringPath)])
                    .Build());
            }

            if (time is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(time);
            }
        });
    }
}

internal static class ServiceCollectionRemoval
{
    public static void RemoveAll(this IServiceCollection services, IEnumerable<ServiceDescriptor> descriptors)
    {
        foreach (var descriptor in descriptors)
        {
            services.Remove(descriptor);
        }
    }
}
