using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo.Queries;

internal static class ListFilters
{
    private static FilterDefinitionBuilder<ListDocument> F => Builders<ListDocument>.Filter;

    public static FilterDefinition<ListDocument> ById(string id) => F.Eq(d => d.Id, id);

    public static FilterDefinition<ListDocument> AtVersion(string id, long expectedVersion) =>
        ById(id) & F.Eq(d => d.Version, expectedVersion);

    public static FilterDefinition<ListDocument> Page(IReadOnlyCollection<string>? listIds, string? afterId)
    {
        var filter = listIds is null ? F.Empty : F.In(d => d.Id, listIds);
        return afterId is null ? filter : filter & F.Gt(d => d.Id, afterId);
    }

    public static SortDefinition<ListDocument> ById() => Builders<ListDocument>.Sort.Ascending(d => d.Id);

    public static UpdateDefinition<ListDocument> Replace(ListDocument l, DateTimeOffset updatedAt) =>
        Builders<ListDocument>.Update
            .Set(d => d.Name, l.Name)
            .Set(d => d.NameLower, l.NameLower)
            .Set(d => d.Description, l.Description)
            .Set(d => d.StandardFields, l.StandardFields)
            .Set(d => d.GenericFields, l.GenericFields)
            .Set(d => d.Policy, l.Policy)
            .Set(d => d.PreventReuseCount, l.PreventReuseCount)
            .Set(d => d.UpdatedAt, BsonDates.ToBson(updatedAt))
            .Inc(d => d.Version, 1L);

    /// <summary>
    /// Counts a record into its list. Also makes record creation write the list document, so it conflicts with a
    /// concurrent delete of the list instead of leaving an orphan record.
    /// </summary>
    public static UpdateDefinition<ListDocument> CountRecords(long delta) =>
        Builders<ListDocument>.Update.Inc(d => d.RecordCount, delta);
}
