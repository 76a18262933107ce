using MongoDB.Bson;
using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

public sealed class ClientSettingsTests
{
    [Fact]
    public void Command_text_never_reaches_logs_or_traces()
    {
        var settings = MongoClientSettingsFactory.Create("mongodb://127.0.0.1:27017/?replicaSet=rs0");

        Assert.Null(settings.LoggingSettings);
        Assert.NotNull(settings.TracingOptions);
        Assert.Equal(0, settings.TracingOptions.QueryTextMaxLength);
    }

    [Fact]
    public void Writes_are_majority_acknowledged_and_journaled_and_reads_go_to_the_primary()
    {
        var settings = MongoClientSettingsFactory.Create("mongodb://127.0.0.1:27017/?replicaSet=rs0&w=1&readPreference=secondary");

        Assert.Equal(WriteConcern.WMajority.W, settings.WriteConcern.W);
        Assert.True(settings.WriteConcern.Journal);
        Assert.Equal(ReadPreference.Primary, settings.ReadPreference);
        Assert.Equal(ReadConcern.Majority, settings.ReadConcern);
        Assert.True(settings.RetryWrites);
    }

    [Fact]
    public void Transactions_read_a_snapshot_and_commit_durably()
    {
        var options = MongoTransactions.Options;

        Assert.Equal(ReadConcern.Snapshot, options.ReadConcern);
        Assert.Equal(ReadPreference.Primary, options.ReadPreference);
        Assert.Equal(WriteConcern.WMajority.W, options.WriteConcern!.W);
        Assert.True(options.WriteConcern.Journal);
    }

    [Theory]
    [InlineData("""{ "isWritablePrimary": true, "setName": "rs0" }""")]
    [InlineData("""{ "isWritablePrimary": true, "msg": "isdbgrid" }""")]
    public void Replica_sets_and_sharded_clusters_are_accepted(string hello) =>
        Assert.Null(ReplicaSetRequirement.Problem(BsonDocument.Parse(hello)));

    [Fact]
    public void A_standalone_server_is_refused_with_how_to_fix_it()
    {
        var problem = ReplicaSetRequirement.Problem(BsonDocument.Parse("""{ "isWritablePrimary": true, "maxWireVersion": 21 }"""));

        Assert.NotNull(problem);
        Assert.Contains("standalone", problem);
        Assert.Contains("--replSet", problem);
        Assert.Contains("rs.initiate()", problem);
    }
}
