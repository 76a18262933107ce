namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>One record of a job in the "job_items" collection (unique per job id and record id).</summary>
internal sealed class JobItemDocument
{
    /// <summary>"{job id}/{record id}": the natural key, so a job's items cannot be inserted twice.</summary>
    public string Id { get; set; } = "";

    public string JobId { get; set; } = "";

    public string RecordId { get; set; } = "";

    public Model.JobItemStatus Status { get; set; }

    public string Reason { get; set; } = "";

    public string Detail { get; set; } = "";

    public string RotationId { get; set; } = "";

    public DateTime? CompletedAt { get; set; }
}
