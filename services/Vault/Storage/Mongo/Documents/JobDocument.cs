namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>A persistent background job in the "jobs" collection.</summary>
internal sealed class JobDocument
{
    public string Id { get; set; } = "";

    public string Kind { get; set; } = "";

    public string ListId { get; set; } = "";

    public string OptionsJson { get; set; } = "{}";

    public Model.JobState State { get; set; }

    public string CreatedBy { get; set; } = "";

    public string Owner { get; set; } = "";

    public DateTime? LeaseExpiresAt { get; set; }

    public int TotalItems { get; set; }

    public int SucceededItems { get; set; }

    public int FailedItems { get; set; }

    public int SkippedItems { get; set; }

    public bool CancelRequested { get; set; }

    public long Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
}
