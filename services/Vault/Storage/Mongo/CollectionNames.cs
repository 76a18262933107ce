namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>The vault's collections (names are part of the stored format: never rename one without a migration).</summary>
internal static class CollectionNames
{
    public const string Lists = "lists";
    public const string Records = "records";
    public const string Targets = "targets";
    public const string Jobs = "jobs";
    public const string JobItems = "job_items";
    public const string ApiKeys = "api_keys";
    public const string AuditEvents = "audit_events";
    public const string AuditHead = "audit_head";
    public const string Idempotency = "idempotency";

    public static IReadOnlyList<string> All { get; } =
        [Lists, Records, Targets, Jobs, JobItems, ApiKeys, AuditEvents, AuditHead, Idempotency];
}
