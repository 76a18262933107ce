using MongoDB.Bson;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Mongo;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

/// <summary>Forgetting old request ids, as the BSON the server receives (no MongoDB server runs here).</summary>
public sealed class IdempotencyFilterRenderingTests
{
    private static readonly DateTimeOffset Before = new(2026, 11, 18, 10, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public void Forgetting_matches_only_request_ids_recorded_strictly_before_the_cut_off_on_the_ttl_field()
    {
        var rendered = Rendered.Of(IdempotencyFilters.RecordedBefore(Before));

        var field = Assert.Single(rendered.Names);
        var createdAt = rendered[field].AsBsonDocument["$lt"];
        Assert.Equal(BsonType.DateTime, createdAt.BsonType);
        Assert.Equal(Before.ToUnixTimeMilliseconds(), createdAt.AsBsonDateTime.MillisecondsSinceEpoch);
        // The same field the TTL index expires on, so both ways of forgetting agree.
        var ttlKeys = Rendered.Of(VaultIndexes.Idempotency[0].Keys);
        Assert.Equal(field, Assert.Single(ttlKeys.Names));
        Assert.Equal(IdempotencyRetention.Period, VaultIndexes.Idempotency[0].Options.ExpireAfter);
    }
}
