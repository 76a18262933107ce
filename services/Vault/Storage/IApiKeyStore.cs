using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage;

public interface IApiKeyStore
{
    Task<ApiKey> CreateAsync(ApiKey key, AuditDraft audit, CancellationToken cancellationToken);

    Task<ApiKey?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The key with this hash (revoked ones too: the caller checks), or null.</summary>
    Task<ApiKey?> FindByHashAsync(byte[] hash, CancellationToken cancellationToken);

    Task<Page<ApiKey>> ListAsync(PageRequest page, CancellationToken cancellationToken);

    /// <summary>Revokes the key at <paramref name="revokedAt"/> (idempotent: a revoked key stays revoked at its first time).</summary>
    Task<ApiKey> RevokeAsync(string id, DateTimeOffset revokedAt, AuditDraft audit, CancellationToken cancellationToken);

    /// <summary>Notes the last use (best effort, no audit, no version; an unknown id is ignored).</summary>
    Task TouchAsync(string id, DateTimeOffset usedAt, CancellationToken cancellationToken);
}
