using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage;

public interface IListStore
{
    /// <summary>Inserts the list with Version 1. Names are unique (case-insensitive) → AlreadyExists.</summary>
    Task<PasswordList> CreateAsync(PasswordList list, AuditDraft audit, CancellationToken cancellationToken);

    /// <summary>The list, or null.</summary>
    Task<PasswordList?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Lists ordered by id; <paramref name="listIds"/> restricts to those ids when not null (API key scope; empty
    /// means none).
    /// </summary>
    Task<Page<PasswordList>> ListAsync(PageRequest page, IReadOnlyCollection<string>? listIds,
        CancellationToken cancellationToken);

    /// <summary>Replaces the list if its stored version equals <paramref name="expectedVersion"/>; returns it with Version+1.</summary>
    Task<PasswordList> UpdateAsync(PasswordList list, long expectedVersion, AuditDraft audit,
        CancellationToken cancellationToken);

    /// <summary>Deletes an empty list (no records, deleted ones included → InvalidState otherwise).</summary>
    Task DeleteAsync(string id, long expectedVersion, AuditDraft audit, CancellationToken cancellationToken);
}
