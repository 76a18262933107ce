using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>Client settings for the vault: durable writes, primary reads, and no command text in logs or traces.</summary>
internal static class MongoClientSettingsFactory
{
    /// <summary>Acknowledged by a majority and journaled: a begun rotation survives a crash or a failover.</summary>
    public static WriteConcern DurableWrites { get; } = new(WriteConcern.WMode.Majority, journal: true);

    public static MongoClientSettings Create(string connectionString)
    {
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        settings.WriteConcern = DurableWrites;
        settings.ReadPreference = ReadPreference.Primary;
        settings.ReadConcern = ReadConcern.Majority;
        settings.RetryWrites = true;
        settings.RetryReads = true;
        settings.ApplicationName ??= "passwordsync-vault";
        // Commands carry sealed secrets and user names. The driver logs command text only through a logger factory
        // given here, so none is given: its structured command logging stays off whatever the host's log levels say.
        settings.LoggingSettings = null;
        // Spans (latency, collection, operation) stay useful; db.query.text would copy whole commands into traces.
        settings.TracingOptions = new TracingOptions { QueryTextMaxLength = 0 };
        return settings;
    }
}
