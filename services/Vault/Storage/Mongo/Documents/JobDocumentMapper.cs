using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>Converts jobs and job items between the domain model and their documents.</summary>
internal static class JobDocumentMapper
{
    public static string ItemId(string jobId, string recordId) => $"{jobId}/{recordId}";

    public static JobDocument ToDocument(BulkJob j) => new()
    {
        Id = j.Id,
        Kind = j.Kind,
        ListId = j.ListId,
        OptionsJson = j.OptionsJson,
        State = j.State,
        CreatedBy = j.CreatedBy,
        Owner = j.Owner,
        LeaseExpiresAt = BsonDates.ToBson(j.LeaseExpiresAt),
        TotalItems = j.TotalItems,
        SucceededItems = j.SucceededItems,
        FailedItems = j.FailedItems,
        SkippedItems = j.SkippedItems,
        CancelRequested = j.CancelRequested,
        Version = j.Version,
        CreatedAt = BsonDates.ToBson(j.CreatedAt),
        UpdatedAt = BsonDates.ToBson(j.UpdatedAt),
        FinishedAt = BsonDates.ToBson(j.FinishedAt),
    };

    public static BulkJob ToModel(JobDocument d) => new()
    {
        Id = d.Id,
        Kind = d.Kind,
        ListId = d.ListId,
        OptionsJson = d.OptionsJson,
        State = d.State,
        CreatedBy = d.CreatedBy,
        Owner = d.Owner,
        LeaseExpiresAt = BsonDates.FromBson(d.LeaseExpiresAt),
        TotalItems = d.TotalItems,
        SucceededItems = d.SucceededItems,
        FailedItems = d.FailedItems,
        SkippedItems = d.SkippedItems,
        CancelRequested = d.CancelRequested,
        Version = d.Version,
        CreatedAt = BsonDates.FromBson(d.CreatedAt),
        UpdatedAt = BsonDates.FromBson(d.UpdatedAt),
        FinishedAt = BsonDates.FromBson(d.FinishedAt),
    };

    public static JobItemDocument ToDocument(JobItem i) => new()
    {
        Id = ItemId(i.JobId, i.RecordId),
        JobId = i.JobId,
        RecordId = i.RecordId,
        Status = i.Status,
        Reason = i.Reason,
        Detail = i.Detail,
        RotationId = i.RotationId,
        CompletedAt = BsonDates.ToBson(i.CompletedAt),
    };

    public static JobItem ToModel(JobItemDocument d) => new()
    {
        JobId = d.JobId,
        RecordId = d.RecordId,
        Status = d.Status,
        Reason = d.Reason,
        Detail = d.Detail,
        RotationId = d.RotationId,
        CompletedAt = BsonDates.FromBson(d.CompletedAt),
    };
}
