using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.KeyManagement;

/// <summary>What one re-wrap pass did.</summary>
public sealed record DataKeyRotationResult(int ActiveKekVersion, int RecordKeysRewrapped, int TargetSecretsRewrapped,
    int Conflicts, int Failures);

/// <summary>
/// Re-wraps every record data key and target secret that is not under the keyring's active KEK, in batches, each
/// replacement a compare-and-set on the old value (a concurrent writer wins and is retried on the next pass). The
/// data keys themselves do not change, so sealed values stay valid; once a pass finds nothing left, the old KEK can
/// be removed from the keyring.
/// </summary>
public sealed class DataKeyRotator(IVaultStore store, IRecordCipher cipher, ILogger<DataKeyRotator> logger)
    : IDisposable
{
    public const int BatchSize = 100;

    // The admin call and the background pass must not walk the same keys at once (harmless with CAS, but wasteful).
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task<DataKeyRotationResult> RunOnceAsync(string actor, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var active = cipher.ActiveKekVersion;
            var (records, recordConflicts, recordFailures) = await RewrapAsync(DataKeyOwnerKind.Record, active,
                RewrapRecordAsync, cancellationToken);
            var (targets, targetConflicts, targetFailures) = await RewrapAsync(DataKeyOwnerKind.Target, active,
                RewrapTargetAsync, cancellationToken);
            var result = new DataKeyRotationResult(active, records, targets, recordConflicts + targetConflicts,
                recordFailures + targetFailures);
            if (records + targets + result.Failures > 0)
            {
                await store.Audit.AppendAsync(null, new AuditDraft
                {
                    Action = AuditAction.KeyRotation,
                    Actor = actor,
                    Detail = $"re-wrapped {records} record keys and {targets} target secrets under KEK {active}; " +
                        $"{result.Conflicts} conflicts, {result.Failures} failures",
                }, cancellationToken);
            }

            KeyManagementLog.PassDone(logger, active, records, targets, result.Conflicts, result.Failures);
            return result;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<(int Done, int Conflicts, int Failures)> RewrapAsync(DataKeyOwnerKind kind, int active,
        Func<StoredDataKey, CancellationToken, Task<bool>> rewrap, CancellationToken cancellationToken)
    {
        int done = 0, conflicts = 0, failures = 0;
        string? after = null;
        while (true)
        {
            var batch = await store.DataKeys.ListNotUnderAsync(kind, active, after, BatchSize, cancellationToken);
            foreach (var key in batch)
            {
                try
                {
                    if (await rewrap(key, cancellationToken))
                    {
                        done++;
                    }
                    else
                    {
                        conflicts++;
                    }
                }
                catch (SecretDecryptionException exception)
                {
                    // Its KEK is no longer in the keyring (or the value is damaged): report, keep going with the rest.
                    failures++;
                    KeyManagementLog.RewrapFailed(logger, kind.ToString(), key.OwnerId, exception.Message);
                }
            }

            if (batch.Count < BatchSize)
            {
                return (done, conflicts, failures);
            }

            after = batch[^1].OwnerId;
        }
    }

    private Task<bool> RewrapRecordAsync(StoredDataKey key, CancellationToken cancellationToken)
    {
        var current = key.DataKey ?? throw new InvalidOperationException($"Record '{key.OwnerId}' has no data key.");
        return store.DataKeys.ReplaceRecordKeyAsync(key.OwnerId, current, cipher.Rewrap(current, key.OwnerId),
            cancellationToken);
    }

    private Task<bool> RewrapTargetAsync(StoredDataKey key, CancellationToken cancellationToken)
    {
        var current = key.StandaloneSecret
            ?? throw new InvalidOperationException($"Target '{key.OwnerId}' has no sealed secret.");
        var replacement = cipher.RewrapStandalone(key.OwnerId, current);
        return store.DataKeys.ReplaceTargetSecretAsync(key.OwnerId, current, replacement,
            cipher.StandaloneKekVersion(replacement), cancellationToken);
    }

    public void Dispose() => _oneAtATime.Dispose();
}
