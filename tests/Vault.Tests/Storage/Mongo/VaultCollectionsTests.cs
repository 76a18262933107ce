using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

/// <summary>The collections the store writes to, and the concerns every one of them carries (no server needed).</summary>
public sealed class VaultCollectionsTests
{
    private static VaultCollections Collections()
    {
        // Building a client does not connect: nothing listens on port 1 and nothing is sent.
        var client = new MongoClient(MongoClientSettingsFactory.Create("mongodb://127.0.0.1:1/?replicaSet=rs0"));
        return new VaultCollections(client.GetDatabase("passwordsync"));
    }

    [Fact]
    public void Every_collection_writes_majority_journaled_and_reads_the_primary()
    {
        var c = Collections();
        var settings = new[]
        {
            c.Lists.Settings, c.Records.Settings, c.Targets.Settings, c.Jobs.Settings, c.JobItems.Settings,
            c.ApiKeys.Settings, c.AuditEvents.Settings, c.AuditHead.Settings, c.Idempotency.Settings,
        };

        Assert.All(settings, s =>
        {
            Assert.Equal(WriteConcern.WMajority.W, s.WriteConcern.W);
            Assert.True(s.WriteConcern.Journal);
            Assert.Equal(ReadPreference.Primary, s.ReadPreference);
            Assert.Equal(ReadConcern.Majority, s.ReadConcern);
        });
    }

    [Fact]
    public void Collections_have_their_documented_names()
    {
        var c = Collections();

        Assert.Equal(CollectionNames.All,
        [
            c.Lists.CollectionNamespace.CollectionName, c.Records.CollectionNamespace.CollectionName,
            c.Targets.CollectionNamespace.CollectionName, c.Jobs.CollectionNamespace.CollectionName,
            c.JobItems.CollectionNamespace.CollectionName, c.ApiKeys.CollectionNamespace.CollectionName,
            c.AuditEvents.CollectionNamespace.CollectionName, c.AuditHead.CollectionNamespace.CollectionName,
            c.Idempotency.CollectionNamespace.CollectionName,
        ]);
    }
}
