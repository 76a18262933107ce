using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

/// <summary>
/// Renders filters, updates, sorts and index keys to the BSON the driver would send, with the same class maps and
/// serializer registry a collection uses. (No MongoDB server can run on these machines, so the store's queries are
/// checked as rendered BSON; the shared contract suite runs them for real when PASSWORDSYNC_TEST_MONGODB is set.)
/// </summary>
internal static class Rendered
{
    private static RenderArgs<T> Args<T>()
    {
        DocumentClassMaps.EnsureRegistered();
        return new RenderArgs<T>(BsonSerializer.LookupSerializer<T>(), BsonSerializer.SerializerRegistry);
    }

    public static BsonDocument Of<T>(FilterDefinition<T> filter) => filter.Render(Args<T>());

    public static BsonDocument Of<T>(UpdateDefinition<T> update) => update.Render(Args<T>()).AsBsonDocument;

    public static BsonDocument Of<T>(SortDefinition<T> sort) => sort.Render(Args<T>());

    public static BsonDocument Of<T>(IndexKeysDefinition<T> keys) => keys.Render(Args<T>());

    /// <summary>A find projection: what the server is asked to return, and how the reply is read back.</summary>
    public static RenderedProjectionDefinition<TProjection> Of<T, TProjection>(
        ProjectionDefinition<T, TProjection> projection)
    {
        DocumentClassMaps.EnsureRegistered();
        return projection.Render(new RenderArgs<T>(BsonSerializer.LookupSerializer<T>(), BsonSerializer.SerializerRegistry,
            renderForFind: true));
    }

    /// <summary>Parses relaxed extended JSON for the expected side of an assertion.</summary>
    public static BsonDocument Json(string json) => BsonDocument.Parse(json);
}
