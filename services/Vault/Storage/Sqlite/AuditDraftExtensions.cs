using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// The store names the entity an event is about when the caller's draft leaves it empty, so audit queries by list,
/// record or target always find the event.
/// </summary>
internal static class AuditDraftExtensions
{
    public static AuditDraft ForList(this AuditDraft draft, string listId) =>
        draft.ListId.Length > 0 ? draft : draft with { ListId = listId };

    public static AuditDraft ForRecord(this AuditDraft draft, string listId, string recordId) =>
        draft.ForList(listId) is var d && d.RecordId.Length > 0 ? d : d with { RecordId = recordId };

    public static AuditDraft ForTarget(this AuditDraft draft, string targetId) =>
        draft.TargetId.Length > 0 ? draft : draft with { TargetId = targetId };
}
