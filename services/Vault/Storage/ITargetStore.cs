using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage;

public interface ITargetStore
{
    /// <summary>Inserts the target. A name already used by another target (case-insensitive) → AlreadyExists.</summary>
    Task<Target> CreateAsync(Target target, AuditDraft audit, CancellationToken cancellationToken);

    Task<Target?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The target answering to <paramref name="name"/> (case-insensitive, exact), or null.</summary>
    Task<Target?> FindByNameAsync(string name, CancellationToken cancellationToken);

    Task<Page<Target>> ListAsync(PageRequest page, CancellationToken cancellationToken);

    Task<Target> UpdateAsync(Target target, long expectedVersion, AuditDraft audit, CancellationToken cancellationToken);

    Task DeleteAsync(string id, long expectedVersion, AuditDraft audit, CancellationToken cancellationToken);
}
