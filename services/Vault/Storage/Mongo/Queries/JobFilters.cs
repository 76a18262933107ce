using MongoDB.Driver;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo.Queries;

internal static class JobFilters
{
    private static FilterDefinitionBuilder<JobDocument> F => Builders<JobDocument>.Filter;

    private static readonly JobState[] Unfinished = [JobState.Queued, JobState.Running];

    public static FilterDefinition<JobDocument> ById(string id) => F.Eq(d => d.Id, id);

    public static FilterDefinition<JobDocument> OwnedBy(string id, string owner) => ById(id) & F.Eq(d => d.Owner, owner);

    /// <summary>Unfinished, and nobody holds a live lease on it.</summary>
    public static FilterDefinition<JobDocument> Claimable(DateTimeOffset now) =>
        F.In(d => d.State, Unfinished)
        & F.Or(
            F.Eq(d => d.Owner, ""),
            F.Eq(d => d.LeaseExpiresAt, null),
            F.Lte(d => d.LeaseExpiresAt, BsonDates.ToBson(now)));

    /// <summary>The claim: one conditional update, so exactly one of concurrent claimants matches.</summary>
    public static FilterDefinition<JobDocument> ClaimableBy(string id, string owner, DateTimeOffset now) =>
        ById(id) & F.In(d => d.State, Unfinished)
        & F.Or(
            F.Eq(d => d.Owner, ""),
            F.Eq(d => d.Owner, owner),
            F.Eq(d => d.LeaseExpiresAt, null),
            F.Lte(d => d.LeaseExpiresAt, BsonDates.ToBson(now)));

    public static UpdateDefinition<JobDocument> Claim(string owner, DateTimeOffset now, DateTimeOffset leaseExpiresAt) =>
        Builders<JobDocument>.Update
            .Set(d => d.Owner, owner)
            .Set(d => d.LeaseExpiresAt, BsonDates.ToBson(leaseExpiresAt))
            .Set(d => d.State, JobState.Running)
            .Set(d => d.UpdatedAt, BsonDates.ToBson(now))
            .Inc(d => d.Version, 1L);

    public static UpdateDefinition<JobDocument> CountItem(JobItemStatus status, DateTimeOffset now)
    {
        var update = Builders<JobDocument>.Update.Set(d => d.UpdatedAt, BsonDates.ToBson(now)).Inc(d => d.Version, 1L);
        return status switch
        {
            JobItemStatus.Succeeded => update.Inc(d => d.SucceededItems, 1),
            JobItemStatus.Failed => update.Inc(d => d.FailedItems, 1),
            JobItemStatus.Skipped => update.Inc(d => d.SkippedItems, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "An item's outcome must be final."),
        };
    }

    public static UpdateDefinition<JobDocument> Finish(JobState finalState, DateTimeOffset finishedAt,
        DateTimeOffset now) =>
        Builders<JobDocument>.Update
            .Set(d => d.State, finalState)
            .Set(d => d.FinishedAt, BsonDates.ToBson(finishedAt))
            .Set(d => d.Owner, "")
            .Set(d => d.LeaseExpiresAt, null)
            .Set(d => d.UpdatedAt, BsonDates.ToBson(now))
            .Inc(d => d.Version, 1L);

    public static UpdateDefinition<JobDocument> RequestCancel(DateTimeOffset now) =>
        Builders<JobDocument>.Update
            .Set(d => d.CancelRequested, true)
            .Set(d => d.UpdatedAt, BsonDates.ToBson(now))
            .Inc(d => d.Version, 1L);

    public static FilterDefinition<JobDocument> Page(string? listId, string? afterId)
    {
        var filter = listId is null ? F.Empty : F.Eq(d => d.ListId, listId);
        return afterId is null ? filter : filter & F.Gt(d => d.Id, afterId);
    }

    public static SortDefinition<JobDocument> ById() => Builders<JobDocument>.Sort.Ascending(d => d.Id);

    public static SortDefinition<JobDocument> OldestFirst() =>
        Builders<JobDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id);
}
