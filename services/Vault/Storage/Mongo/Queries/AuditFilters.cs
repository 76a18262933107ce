using MongoDB.Driver;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo.Queries;

internal static class AuditFilters
{
    private static FilterDefinitionBuilder<AuditEventDocument> F => Builders<AuditEventDocument>.Filter;

    /// <summary>The head compare-and-set: matches only while nobody has appended since we read it.</summary>
    public static FilterDefinition<AuditHeadDocument> HeadAt(long sequence) =>
        Builders<AuditHeadDocument>.Filter.Eq(h => h.Id, AuditHeadDocument.SingletonId)
        & Builders<AuditHeadDocument>.Filter.Eq(h => h.Sequence, sequence);

    public static FilterDefinition<AuditHeadDocument> Head() =>
        Builders<AuditHeadDocument>.Filter.Eq(h => h.Id, AuditHeadDocument.SingletonId);

    public static UpdateDefinition<AuditHeadDocument> AdvanceHead(AuditEvent next) =>
        Builders<AuditHeadDocument>.Update.Set(h => h.Sequence, next.Sequence).Set(h => h.Hash, next.Hash);

    /// <summary>Creates the head at the genesis position when missing (start-up), never touching an existing one.</summary>
    public static UpdateDefinition<AuditHeadDocument> CreateHead() =>
        Builders<AuditHeadDocument>.Update.SetOnInsert(h => h.Sequence, 0L).SetOnInsert(h => h.Hash, AuditChain.GenesisHash);

    public static FilterDefinition<AuditEventDocument> BySequence(long sequence) => F.Eq(e => e.Sequence, sequence);

    public static FilterDefinition<AuditEventDocument> Query(AuditQuery query)
    {
        var filter = F.Empty;
        if (query.ListId is not null)
        {
            filter &= F.Eq(e => e.ListId, query.ListId);
        }

        if (query.RecordId is not null)
        {
            filter &= F.Eq(e => e.RecordId, query.RecordId);
        }

        if (query.Actor is not null)
        {
            filter &= F.Eq(e => e.Actor, query.Actor);
        }

        if (query.Action is { } action)
        {
            filter &= F.Eq(e => e.Action, action);
        }

        if (query.From is { } from)
        {
            filter &= F.Gte(e => e.Time, BsonDates.ToBson(from));
        }

        if (query.To is { } to)
        {
            // [From, To): consecutive windows never return an event twice.
            filter &= F.Lt(e => e.Time, BsonDates.ToBson(to));
        }

        return filter;
    }

    public static FilterDefinition<AuditEventDocument> After(long sequence) => F.Gt(e => e.Sequence, sequence);

    public static SortDefinition<AuditEventDocument> BySequence() =>
        Builders<AuditEventDocument>.Sort.Ascending(e => e.Sequence);
}
