using MongoDB.Driver;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo.Queries;

internal static class JobItemFilters
{
    private static FilterDefinitionBuilder<JobItemDocument> F => Builders<JobItemDocument>.Filter;

    public static FilterDefinition<JobItemDocument> Item(string jobId, string recordId) =>
        F.Eq(d => d.JobId, jobId) & F.Eq(d => d.RecordId, recordId);

    /// <summary>Only a pending item takes an outcome: a repeated outcome matches nothing and counts nothing.</summary>
    public static FilterDefinition<JobItemDocument> PendingItem(string jobId, string recordId) =>
        Item(jobId, recordId) & F.Eq(d => d.Status, JobItemStatus.Pending);

    public static FilterDefinition<JobItemDocument> Page(string jobId, JobItemStatus? status, string? afterRecordId)
    {
        var filter = F.Eq(d => d.JobId, jobId);
        if (status is { } s)
        {
            filter &= F.Eq(d => d.Status, s);
        }

        return afterRecordId is null ? filter : filter & F.Gt(d => d.RecordId, afterRecordId);
    }

    public static SortDefinition<JobItemDocument> ByRecordId() =>
        Builders<JobItemDocument>.Sort.Ascending(d => d.RecordId);

    public static UpdateDefinition<JobItemDocument> Outcome(JobItem outcome, DateTimeOffset completedAt)
    {
        var update = Builders<JobItemDocument>.Update
            .Set(d => d.Status, outcome.Status)
            .Set(d => d.Reason, outcome.Reason)
            .Set(d => d.Detail, outcome.Detail)
            .Set(d => d.CompletedAt, BsonDates.ToBson(outcome.CompletedAt ?? completedAt));
        return string.IsNullOrEmpty(outcome.RotationId) ? update : update.Set(d => d.RotationId, outcome.RotationId);
    }

    public static UpdateDefinition<JobItemDocument> Rotation(string rotationId) =>
        Builders<JobItemDocument>.Update.Set(d => d.RotationId, rotationId);
}
