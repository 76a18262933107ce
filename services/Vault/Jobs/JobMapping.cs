using PasswordSync.Vault.Security;
using ModelJob = PasswordSync.Vault.Model.BulkJob;
using ModelJobItem = PasswordSync.Vault.Model.JobItem;

namespace PasswordSync.Vault.Jobs;

internal static class JobMapping
{
    public static V1.Job ToProto(this ModelJob job) => new()
    {
        Id = job.Id,
        Kind = job.Kind,
        ListId = job.ListId,
        Options = JobOptionsJson.Read(job.OptionsJson),
        OptionsJson = job.OptionsJson,
        State = (V1.JobState)(int)job.State,
        CreatedBy = job.CreatedBy,
        Owner = job.Owner,
        LeaseExpiresAt = job.LeaseExpiresAt.ToProto(),
        TotalItems = job.TotalItems,
        SucceededItems = job.SucceededItems,
        FailedItems = job.FailedItems,
        SkippedItems = job.SkippedItems,
        CancelRequested = job.CancelRequested,
        Version = job.Version,
        CreatedAt = job.CreatedAt.ToProto(),
        UpdatedAt = job.UpdatedAt.ToProto(),
        FinishedAt = job.FinishedAt.ToProto(),
    };

    public static V1.JobItem ToProto(this ModelJobItem item) => new()
    {
        JobId = item.JobId,
        RecordId = item.RecordId,
        Status = (V1.JobItemStatus)(int)item.Status,
        Reason = item.Reason,
        Detail = item.Detail,
        RotationId = item.RotationId,
        CompletedAt = item.CompletedAt.ToProto(),
    };
}
