using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

/// <summary>
/// The partial reads translate to find projections that fetch only what a step needs (never a password), and a
/// server reply in that shape reads back.
/// </summary>
public sealed class ProjectionRenderingTests
{
    private static T ReadReply<T>(RenderedProjectionDefinition<T> rendered, string reply) =>
        rendered.ProjectionSerializer.Deserialize(
            BsonDeserializationContext.CreateRoot(new BsonDocumentReader(BsonDocument.Parse(reply))));

    [Fact]
    public void Purge_reads_only_the_id_and_list()
    {
        var rendered = Rendered.Of(Projections.Purge);

        Assert.Equal(Rendered.Json("""{ "_id": 1, "ListId": "$list_id" }"""), rendered.Document);
        Assert.Equal(new PurgeCandidate("r1", "l1"), ReadReply(rendered, """{ "_id": "r1", "ListId": "l1" }"""));
    }

    [Fact]
    public void Key_rotation_reads_only_the_wrapped_key()
    {
        var rendered = Rendered.Of(Projections.DataKey);

        Assert.Equal(Rendered.Json("""
            { "_id": 1, "KekVersion": "$data_key.kek_version", "Wrapped": "$data_key.wrapped" }
            """), rendered.Document);
        var key = ReadReply(rendered,
            """{ "_id": "r1", "KekVersion": 3, "Wrapped": { "$binary": { "base64": "AQI=", "subType": "00" } } }""");
        Assert.Equal(("r1", 3), (key.Id, key.KekVersion));
        Assert.Equal(new byte[] { 1, 2 }, key.Wrapped);
    }

    [Fact]
    public void Target_key_rotation_reads_only_the_sealed_secret()
    {
        var rendered = Rendered.Of(Projections.Secret);

        Assert.Equal(Rendered.Json("""{ "_id": 1, "Sealed": "$privileged_password" }"""), rendered.Document);
    }

    [Fact]
    public void History_reads_only_the_history_array()
    {
        var rendered = Rendered.Of(Projections.History);

        Assert.Equal(Rendered.Json("""{ "history": 1, "_id": 0 }"""), rendered.Document);
        var history = ReadReply(rendered,
            """{ "history": [ { "id": "h1", "password": { "$binary": { "base64": "BQY=", "subType": "00" } }, "replaced_at": { "$date": "2026-01-01T00:00:00Z" }, "changed_by": "bob", "reason": "" } ] }""");
        Assert.Equal("h1", Assert.Single(history).Id);
        Assert.Equal(new byte[] { 5, 6 }, history[0].Password);
    }
}
