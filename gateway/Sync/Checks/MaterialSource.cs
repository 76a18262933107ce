using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// Where a check takes its record's sync material (password, pending rotation, target credential): the vault's
/// GetSyncMaterial for one check, the sync report's batcher for a report's checks. Throws the vault's refusal as an
/// RpcException either way.
/// </summary>
internal delegate Task<SyncMaterialResponse> MaterialSource(CancellationToken cancellationToken);
