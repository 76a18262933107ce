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
        MongoClientSettings settings;
        try
        {
            settings = MongoClientSettings.FromConnectionString(connectionString);
        }
        catch (MongoConfigurationException e)
        {
            // The driver quotes a malformed string whole, password included: keep its reason, drop the string, and
            // do not chain the original exception (its message would be logged with ours).
            throw new ArgumentException(
                "The vault's MongoDB connection string is not valid (expected mongodb://user:password@host1,host2/"
                + "?replicaSet=rs0): " + e.Message.Replace(connectionString, "<connection string>", StringComparison.Ordinal),
                nameof(connectionString));
        }

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
