using System.Reflection;
using MongoDB.Driver;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Storage.Mongo;

namespace PasswordSync.Vault.Tests.Observability;

/// <summary>
/// The vault's MongoDB client traces its operations through the driver's built-in activity source (which the service
/// defaults listen to) and never copies command text into a span: commands carry sealed secrets and user names.
/// No server is needed: only the client settings and the driver's own assembly are inspected.
/// </summary>
public sealed class MongoTracingTests
{
    [Fact]
    public void The_vaults_client_settings_keep_tracing_on_and_command_text_off()
    {
        var settings = MongoClientSettingsFactory.Create("mongodb://vault:not-a-secret@127.0.0.1:27017/?replicaSet=rs0");

        Assert.NotNull(settings.TracingOptions);
        Assert.False(settings.TracingOptions.Disabled);
        Assert.Equal(0, settings.TracingOptions.QueryTextMaxLength);
        Assert.Null(settings.LoggingSettings);
    }

    [Fact]
    public void The_activity_source_the_service_defaults_listen_to_is_the_drivers()
    {
        // The driver declares its source name in a constant; if a driver upgrade renamed it, Mongo spans would vanish
        // silently, so the name is read from the driver itself.
        var names = typeof(MongoClient).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(field => field.Name == "ActivitySourceName" && field.FieldType == typeof(string))
            .Select(field => (string?)field.GetValue(null))
            .ToList();

        Assert.Contains(TelemetryExtensions.MongoDbActivitySource, names);
    }
}
